package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;

/**
 * Once warm, the trainer's training steps on the 784-50-10 MLP (its real, fused step), and the tall products of
 * evaluation passes and of larger batches, allocate nothing on the calling thread or on any thread of the pool,
 * with 1 or 2 threads. This class runs in a JVM of its own with the launcher's C2-only compilation (see the pom):
 * a Vector API kernel that C2 compiles without inlining every vector op allocates on each call, as a 5x64 tile
 * once did only under those flags.
 */
class NoAllocationTest {
    private static final int BATCH = 100;

    /**
     * The trainer's own steps, as {@link Trainer#trainingPass} runs them (the fused gatherBatch, linearSigmoid,
     * mseOutputDelta, backpropSigmoid and sgdUpdate ops the trainer calls), measured between its per-step progress
     * reports: steps 2 to 10 of each pass. The epoch's shuffle before the first step is not a step: its generator
     * ({@code SplittableRandom}, 128 B per epoch) is the one allocation of a warm epoch.
     */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void warmTrainingStepsAllocateNothing(int threads) {
        int[] sizes = TrainingConfig.SEED_SIZES;
        Random rnd = new Random(5);
        Split split = new Split(dataset(rnd, 10 * BATCH, sizes), dataset(rnd, BATCH, sizes), dataset(rnd, BATCH, sizes));
        TrainingConfig config = new TrainingConfig(sizes, BATCH, 0.1f, Integer.MAX_VALUE, 7);
        try (CpuBackend be = new CpuBackend(threads, KernelChoice.best());
             Trainer trainer = new Trainer(be, config, split, Mlp.initialize(sizes, 7))) {
            assertEquals(10, trainer.stepsPerEpoch());
            StepAllocations steps = new StepAllocations(allocationCounter(), poolThreadIds(threads));
            int[] epoch = {0};
            assertWarmRoundsAllocateNothing(() -> {
                steps.reset();
                trainer.trainingPass(++epoch[0], steps);
                return steps.bytes;
            }, 300, "bytes allocated by 9 warm training steps");
        }
    }

    /** Adds up what is allocated between consecutive progress reports, which the trainer makes after every step. */
    private static final class StepAllocations implements TrainingListener {
        private final com.sun.management.ThreadMXBean mx;
        private final long[] pool;
        private long mark;
        private boolean started;
        long bytes;

        StepAllocations(com.sun.management.ThreadMXBean mx, long[] pool) {
            this.mx = mx;
            this.pool = pool;
        }

        void reset() {
            started = false;
            bytes = 0;
        }

        @Override
        public void onProgress(int epoch, int stepsDone, int stepsTotal) {
            long now = allocated(mx, pool);
            if (started) {
                bytes += now - mark;
            }
            started = true;
            mark = now;
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void warmTallProductsAllocateNothing(int threads) {
        Random rnd = new Random(6);
        try (CpuBackend be = new CpuBackend(threads, KernelChoice.best())) {
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
            com.sun.management.ThreadMXBean mx = allocationCounter();
            long[] pool = poolThreadIds(threads);
            assertWarmRoundsAllocateNothing(() -> {
                long before = allocated(mx, pool);
                products.run();
                return allocated(mx, pool) - before;
            }, 3000, "bytes allocated by three warm tall products");
        }
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        return (com.sun.management.ThreadMXBean) bean;
    }

    /**
     * Runs {@code round} {@code warmups} times (until C2 has compiled it: interpreted and C1 code may allocate where
     * C2 does not), then requires {@value #ZERO_ROUNDS} consecutive rounds that allocate nothing, within
     * {@value #MAX_ROUNDS} rounds; {@code round} returns the bytes it allocated on the calling thread and every worker
     * thread of the pool. "Warm" is up to the JIT: a compilation or deoptimization landing in a round makes
     * interpreted Vector API code allocate for a while, which restarts the count; an allocation in the code itself
     * shows in every round.
     */
    private static void assertWarmRoundsAllocateNothing(LongSupplier round, int warmups, String what) {
        for (int i = 0; i < warmups; i++) {
            round.getAsLong();
        }
        List<Long> perRound = new ArrayList<>();
        int zeros = 0;
        for (int r = 0; r < MAX_ROUNDS && zeros < ZERO_ROUNDS; r++) {
            long bytes = round.getAsLong();
            perRound.add(bytes);
            zeros = bytes == 0 ? zeros + 1 : 0;
        }
        System.out.println("[no allocation] " + what + ", round by round: " + perRound);
        assertEquals(ZERO_ROUNDS, zeros, what + " (" + ZERO_ROUNDS + " rounds in a row must allocate nothing), round by "
                + "round: " + perRound);
    }

    private static final int ZERO_ROUNDS = 5;
    private static final int MAX_ROUNDS = 60;

    /** The worker threads of the (one) open CPU backend's pool of {@code threads} (the caller is one of them). */
    private static long[] poolThreadIds(int threads) {
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("mlp-cpu-worker")).mapToLong(Thread::getId).toArray();
        assertEquals(threads - 1, ids.length, "worker threads of the pool");
        return ids;
    }

    /** Bytes allocated so far by this thread and the pool's; reads counters only, allocates nothing itself. */
    private static long allocated(com.sun.management.ThreadMXBean mx, long[] pool) {
        long sum = mx.getCurrentThreadAllocatedBytes();
        for (long id : pool) {
            sum += mx.getThreadAllocatedBytes(id);
        }
        return sum;
    }

    private static Dataset dataset(Random rnd, int rows, int[] sizes) {
        byte[] pixels = new byte[rows * sizes[0]];
        rnd.nextBytes(pixels);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rnd.nextInt(sizes[sizes.length - 1]);
        }
        return new Dataset(pixels, rows, sizes[0], labels, sizes[sizes.length - 1]);
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
