package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;

/**
 * Two trainers in one JVM at the same time, on two backends (cpu and opencl) or on two contexts of one
 * backend, end with bit-identical weights to the same training run alone on that backend.
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

    private static List<String> available() {
        List<String> names = new ArrayList<>();
        for (String n : new String[] {"cpu", "opencl"}) {
            if (Backends.providers().stream().anyMatch(p -> p.name().equals(n) && p.probe().available())) {
                names.add(n);
            }
        }
        return names;
    }

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

    @Test
    void twoTrainersAtOnceMatchEachAloneBitForBit() throws Exception {
        List<String> names = available();
        assertTrue(names.contains("cpu"), "the cpu backend is built in");
        Map<String, Run> alone = new LinkedHashMap<>();
        for (String n : names) {
            alone.put(n, train(n, null));
            System.out.printf("[concurrency] %s alone: train accuracy %.3f after %d epochs%n", n,
                    alone.get(n).history().get(CONFIG.epochs() - 1).trainAccuracy(), CONFIG.epochs());
        }
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i; j < names.size(); j++) {
                pairs.add(new String[] {names.get(i), names.get(j)});
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String[] pair : pairs) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Run> a = pool.submit(() -> train(pair[0], start));
                Future<Run> b = pool.submit(() -> train(pair[1], start));
                Run ra = a.get(300, TimeUnit.SECONDS);
                Run rb = b.get(300, TimeUnit.SECONDS);
                assertSame(alone.get(pair[0]), ra, pair[0] + " next to " + pair[1]);
                assertSame(alone.get(pair[1]), rb, pair[1] + " next to " + pair[0]);
                System.out.println("[concurrency] " + pair[0] + " + " + pair[1] + " at once: both bit-identical to alone");
            }
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
