package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * Once warm, a training step of the 784-50-10 MLP, and the tall products of evaluation passes and of larger
 * batches, allocate nothing on the calling thread, with 1 or 2 threads. This class runs in a JVM of its own
 * with the launcher's C2-only compilation (see the pom): a Vector API kernel that C2 compiles without inlining
 * every vector op allocates on each call, as a 5x64 tile once did only under those flags.
 */
class NoAllocationTest {
    private static final int BATCH = 100;

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void aWarmTrainingStepAllocatesNothing(int threads) {
        com.sun.management.ThreadMXBean mx = allocationCounter();
        Random rnd = new Random(5);
        try (CpuBackend be = new CpuBackend(threads, Kernels.best())) {
            DeviceMatrix data = random(be, rnd, 1000, 784, 1f);
            DeviceInts labels = be.allocateInts(1000);
            int[] l = new int[1000];
            int[] perm = new int[1000];
            for (int i = 0; i < l.length; i++) {
                l[i] = rnd.nextInt(10);
                perm[i] = (i * 7919) % 1000;
            }
            be.upload(l, 0, labels);
            DeviceInts order = be.allocateInts(1000);
            be.upload(perm, 0, order);
            DeviceInts[] idx = new DeviceInts[10];
            for (int s = 0; s < idx.length; s++) {
                idx[s] = order.slice(s * BATCH, BATCH);
            }
            DeviceMatrix wH = random(be, rnd, 50, 784, 0.1f);
            DeviceMatrix bH = be.allocate(1, 50);
            DeviceMatrix wO = random(be, rnd, 10, 50, 0.1f);
            DeviceMatrix bO = be.allocate(1, 10);
            DeviceMatrix x = be.allocate(BATCH, 784);
            DeviceInts y = be.allocateInts(BATCH);
            DeviceMatrix aH = be.allocate(BATCH, 50);
            DeviceMatrix aO = be.allocate(BATCH, 10);
            DeviceMatrix dO = be.allocate(BATCH, 10);
            DeviceMatrix dH = be.allocate(BATCH, 50);
            DeviceMatrix metrics = be.allocate(1, 2);
            Runnable step = () -> {
                for (DeviceInts ix : idx) {
                    be.gatherRows(data, ix, x);
                    be.gatherInts(labels, ix, y);
                    be.gemm(false, true, 1, x, wH, 0, aH);
                    be.biasSigmoid(aH, bH, aH);
                    be.gemm(false, true, 1, aH, wO, 0, aO);
                    be.biasSigmoid(aO, bO, aO);
                    be.accumulateMetrics(aO, y, metrics);
                    be.mseOutputDelta(aO, y, dO);
                    be.gemm(false, false, 1, dO, wO, 0, dH);
                    be.sigmoidBackward(dH, aH, dH);
                    be.gemm(true, false, -0.1f, dO, aH, 1, wO);
                    be.columnSums(-0.1f, dO, 1, bO);
                    be.gemm(true, false, -0.1f, dH, x, 1, wH);
                    be.columnSums(-0.1f, dH, 1, bH);
                }
            };
            assertWarmRoundAllocatesNothing(mx, step, 300, "bytes allocated by 10 warm training steps");
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void warmTallProductsAllocateNothing(int threads) {
        com.sun.management.ThreadMXBean mx = allocationCounter();
        Random rnd = new Random(6);
        try (CpuBackend be = new CpuBackend(threads, Kernels.best())) {
            DeviceMatrix x = random(be, rnd, 300, 784, 1f);
            DeviceMatrix w50 = random(be, rnd, 50, 784, 0.1f); // the seed's hidden layer: 48-wide tiles and dot columns
            DeviceMatrix w64 = random(be, rnd, 64, 784, 0.1f); // whole 64-wide tiles
            DeviceMatrix bias = be.allocate(1, 50);
            DeviceMatrix h50 = be.allocate(300, 50);
            DeviceMatrix h64 = be.allocate(300, 64);
            DeviceMatrix d64 = random(be, rnd, 300, 64, 0.1f);
            DeviceMatrix g64 = be.allocate(64, 784);
            Runnable products = () -> {
                be.linearSigmoid(x, w50, bias, h50); // an evaluation pass's forward
                be.gemm(false, true, 1, x, w64, 0, h64);
                be.gemm(true, false, -0.1f, d64, x, 1, g64); // a batch-300 weight gradient
            };
            assertWarmRoundAllocatesNothing(mx, products, 3000, "bytes allocated by three warm tall products");
        }
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        return (com.sun.management.ThreadMXBean) bean;
    }

    /**
     * Runs {@code round} {@code warmups} times (until C2 has compiled it: interpreted and C1 code may allocate where
     * C2 does not), then asserts that one of up to 60 more rounds allocated nothing on this thread. "Warm" is up to
     * the JIT: a compilation or deoptimization landing in a round makes interpreted Vector API code allocate for a
     * while, so steady state must reach zero within a bounded number of rounds.
     */
    private static void assertWarmRoundAllocatesNothing(com.sun.management.ThreadMXBean mx, Runnable round, int warmups,
                                                        String what) {
        for (int i = 0; i < warmups; i++) {
            round.run();
        }
        long least = Long.MAX_VALUE;
        for (int r = 0; r < 60 && least > 0; r++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            round.run();
            least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least, what);
    }

    private static DeviceMatrix random(CpuBackend be, Random rnd, int rows, int cols, float scale) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        DeviceMatrix m = be.allocate(rows, cols);
        be.upload(v, 0, m);
        return m;
    }
}
