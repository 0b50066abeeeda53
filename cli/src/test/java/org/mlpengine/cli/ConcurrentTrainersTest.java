package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.testing.Required;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;

/**
 * Two trainers in one JVM at the same time, on two backends (cpu and opencl) or on two contexts of one
 * backend, end with bit-identical weights to the same training run alone on that backend. Each pair is a test of
 * its own, so a pair that cannot run here shows as skipped.
 */
class ConcurrentTrainersTest {
    private static final int FEATURES = 64;
    private static final TrainingConfig CONFIG = new TrainingConfig(new int[] {FEATURES, 24, 10}, 25, 0.5f, 3, 7);

    /** Digit c lights features 6c .. 6c+5 on noise; labels cycle 0..9. */
    private static Dataset data(int rows, long seed) {
        Random rng = new Random(seed);
        byte[] pixels = new byte[rows * FEATURES];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            int c = i % 10;
            labels[i] = c;
            for (int j = 0; j < FEATURES; j++) {
                int on = j >= 6 * c && j < 6 * c + 6 ? 170 : 0;
                pixels[i * FEATURES + j] = (byte) Math.min(255, on + rng.nextInt(80));
            }
        }
        return new Dataset(pixels, rows, FEATURES, labels, 10);
    }

    private static final Split SPLIT = new Split(data(500, 1), data(100, 2), data(100, 3));

    private record Run(Mlp model, List<EpochResult> history) {
    }

    private static Run train(String backend, CyclicBarrier start) throws Exception {
        try (Backend be = Backends.select(backend).open(BackendOptions.DEFAULT);
             Trainer t = new Trainer(be, CONFIG, SPLIT, Mlp.initialize(CONFIG.sizes(), CONFIG.seed()))) {
            if (start != null) {
                start.await(60, TimeUnit.SECONDS);
            }
            List<EpochResult> h = t.train(1, TrainingListener.NONE);
            return new Run(t.model(), h);
        }
    }

    /** Each backend's run alone, trained once per JVM. */
    private static final Map<String, Run> ALONE = new ConcurrentHashMap<>();

    private static Run alone(String backend) throws Exception {
        Run r = ALONE.get(backend);
        if (r == null) {
            r = train(backend, null);
            ALONE.put(backend, r);
            System.out.printf("[concurrency] %s alone: train accuracy %.3f after %d epochs%n", backend,
                    r.history().get(CONFIG.epochs() - 1).trainAccuracy(), CONFIG.epochs());
        }
        return r;
    }

    /**
     * A pair that needs OpenCL is skipped, with the reason, where OpenCL is missing (and fails where the run requires
     * it), rather than silently dropped from the pairs.
     */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"cpu,cpu", "cpu,opencl", "opencl,opencl"})
    void twoTrainersAtOnceMatchEachAloneBitForBit(String first, String second) throws Exception {
        for (String n : new String[] {first, second}) {
            Required.backend(n);
        }
        Run wantFirst = alone(first);
        Run wantSecond = alone(second);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            Future<Run> a = pool.submit(() -> train(first, start));
            Future<Run> b = pool.submit(() -> train(second, start));
            Run ra = a.get(300, TimeUnit.SECONDS);
            Run rb = b.get(300, TimeUnit.SECONDS);
            assertSame(wantFirst, ra, first + " next to " + second);
            assertSame(wantSecond, rb, second + " next to " + first);
            System.out.println("[concurrency] " + first + " + " + second + " at once: both bit-identical to alone");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertSame(Run want, Run got, String what) {
        for (int l = 0; l < want.model().layers(); l++) {
            assertArrayEquals(want.model().weights(l), got.model().weights(l), what + ": layer " + (l + 1) + " weights");
            assertArrayEquals(want.model().biases(l), got.model().biases(l), what + ": layer " + (l + 1) + " biases");
        }
        assertEquals(want.history().size(), got.history().size(), what);
        for (int e = 0; e < want.history().size(); e++) {
            // Device-side metric sums may be accumulated in another order; the weights above may not differ at all.
            assertEquals(want.history().get(e).trainAccuracy(), got.history().get(e).trainAccuracy(), 1e-9, what);
            assertEquals(want.history().get(e).trainMse(), got.history().get(e).trainMse(), 1e-6, what);
        }
    }
}
