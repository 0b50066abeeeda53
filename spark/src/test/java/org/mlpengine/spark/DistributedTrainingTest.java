package org.mlpengine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;

/**
 * Barrier tasks that average every step are synchronous SGD: they end where the engine's in-process replicas do, over
 * either exchange, bit for bit alike. Spark's barrier calls answer about once a second, so these runs keep to a few
 * steps.
 */
class DistributedTrainingTest {
    private static final SyntheticSource DATA = new SyntheticSource(160, 40, 4, 23);
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("DistributedTrainingTest");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    private static DistributedSpec spec(int batch, int averageEvery, String backend, ExchangeSpec.Kind exchange) {
        // 160 samples, 50 + 50 held out: 60 training rows, 3 steps of 20 per epoch. Peers wait at most 30 s.
        return new DistributedSpec(DATA, 50, 50, 8, batch, 0.5f, 2, 7, false, 2, averageEvery,
                new DeviceRequest(backend, null, 0, 0), new ExchangeSpec(exchange, 0, 30));
    }

    @Test
    void twoTasksAveragingEveryStepMatchTheInProcessReplicasOverEitherExchange() {
        for (int batch : new int[] {20, 15}) { // even shards (10 + 10), uneven (8 + 7)
            DistributedSpec spec = spec(batch, 1, "cpu", ExchangeSpec.Kind.TCP);
            Dataset all = DATA.load();
            TrainingConfig config = spec.config(all);
            Split split = spec.split(all);
            Mlp start = config.randomScheme().initialize(config.sizes(), config.seed());
            DistributedTraining.Outcome outcome = DistributedTraining.run(sc, spec, config.sizes());
            DistributedTraining.Outcome overAllGather = DistributedTraining.run(sc,
                    spec(batch, 1, "cpu", ExchangeSpec.Kind.ALLGATHER), config.sizes());
            for (int l = 0; l < start.layers(); l++) {
                assertArrayEquals(FloatBits.of(overAllGather.model().weights(l)),
                        FloatBits.of(outcome.model().weights(l)), "tcp vs allgather, layer " + (l + 1));
                assertArrayEquals(FloatBits.of(overAllGather.model().biases(l)),
                        FloatBits.of(outcome.model().biases(l)), "tcp vs allgather, layer " + (l + 1));
            }
            assertEquals(overAllGather.history().stream().map(EpochStats::validMse).toList(),
                    outcome.history().stream().map(EpochStats::validMse).toList(), "the same per-epoch metrics");
            Mlp want;
            try (Backend be = Backends.open("cpu", BackendOptions.DEFAULT);
                 Trainer inProcess = new Trainer(List.of(be, be), config, split, start)) {
                inProcess.train(1, TrainingListener.NONE);
                want = inProcess.model();
            }
            double moved = 0;
            for (int l = 0; l < want.layers(); l++) {
                moved = Math.max(moved, maxDiff(want.weights(l), start.weights(l)));
                assertClose(want.weights(l), outcome.model().weights(l), "batch " + batch + " layer " + (l + 1));
                assertClose(want.biases(l), outcome.model().biases(l), "batch " + batch + " layer " + (l + 1));
            }
            assertTrue(moved > 1e-2, "training moved the weights (by " + moved + "), so agreeing means something");
            assertEquals(2, outcome.history().size());
            int steps = 60 / batch;
            assertEquals(2 * 2 * steps, outcome.roundSeconds().length, "one round per step, per task");
            assertEquals(2 * 2 * steps, overAllGather.roundSeconds().length, "one round per step, per task");
        }
    }

    /** Rank 1 fails after the exchange opened: under tcp rank 0 sees its connection close, and the job ends. */
    @ParameterizedTest
    @EnumSource(ExchangeSpec.Kind.class)
    void aFailingTaskEndsTheJobAtOnceWithItsError(ExchangeSpec.Kind exchange) {
        long t0 = System.nanoTime();
        Exception e = assertThrows(Exception.class, () -> DistributedTraining.run(sc,
                spec(20, 1, FailingRankBackendProvider.NAME, exchange), new int[] {40, 8, 4}));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(FailingRankBackendProvider.MESSAGE, SparkMain.userMessage(e));
        assertTrue(seconds < 20, "the job ended after " + seconds + " s, not at the 30 s barrier or exchange timeout");
    }

    private static void assertClose(float[] want, float[] got, String what) {
        double d = maxDiff(want, got);
        assertTrue(d <= 1e-5, what + ": differs from the in-process replicas by up to " + d);
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs((double) a[i] - b[i]));
        }
        return d;
    }
}
