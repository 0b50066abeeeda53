package org.mlpengine.cpu.microbench;

import java.util.Arrays;
import java.util.Random;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.cpu.CpuBackendProvider;

/**
 * GFLOP/s of gemm at the training step's shapes, by hand (not a test). Median of 15 rounds of
 * enough calls to take about 20 ms each, after a warm-up of 2 s. Shapes are {m, n, k, transA, transB}.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp cpu-backend/target/classes:cpu-backend/target/test-classes:core/target/classes \
 *     org.mlpengine.cpu.microbench.GemmBench [threads]</pre>
 */
public final class GemmBench {
    /**
     * With one thread, GFLOP per second of the thread's CPU time is what the code does regardless of
     * the neighbours on this shared machine (wall-clock rates there swing by 10x).
     */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private static final int[][] SHAPES = {
        {100, 50, 784, 0, 1},  // forward: X W_h^T
        {50, 784, 100, 1, 0},  // W_h gradient update: D_h^T X
        {10, 50, 100, 1, 0},   // W_out gradient update: D_out^T A_h
        {100, 50, 10, 0, 0},   // D_out W_out
        {100, 10, 50, 0, 1},   // A_h W_out^T
        {1000, 50, 784, 0, 1}, // forward over a larger evaluation batch
        {512, 512, 512, 0, 0}, // a square reference point
        {1024, 1024, 1024, 0, 0}, // the usual square benchmark
    };

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (Backend be = new CpuBackendProvider().open(new BackendOptions(0, threads))) {
            System.out.println(be.device());
            for (int[] s : SHAPES) {
                run(be, s[0], s[1], s[2], s[3] == 1, s[4] == 1);
            }
        }
    }

    private static void run(Backend be, int m, int n, int k, boolean ta, boolean tb) {
        Random rnd = new Random(1);
        DeviceMatrix a = random(be, rnd, ta ? k : m, ta ? m : k);
        DeviceMatrix b = random(be, rnd, tb ? n : k, tb ? k : n);
        DeviceMatrix c = random(be, rnd, m, n);
        float beta = ta ? 1f : 0f; // the gradient shapes run as SGD updates, as in training
        double flops = 2.0 * m * n * k;
        int calls = (int) Math.max(1, 20e-3 / (flops / 20e9));
        for (long end = System.nanoTime() + 2_000_000_000L; System.nanoTime() < end; ) {
            be.gemm(ta, tb, -0.1f, a, b, beta, c); // until C2 has compiled the Vector API code
        }
        double[] rates = new double[15];
        double[] cpuRates = new double[15];
        for (int r = 0; r < rates.length; r++) {
            long t0 = System.nanoTime();
            long cpu0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                be.gemm(ta, tb, -0.1f, a, b, beta, c);
            }
            rates[r] = flops * calls / (System.nanoTime() - t0);
            cpuRates[r] = flops * calls / (CPU.getCurrentThreadCpuTime() - cpu0);
        }
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        System.out.printf("gemm %4dx%4dx%4d %s%s  median %6.1f GFLOP/s (min %5.1f, max %5.1f) %7.1f us/call;"
                        + " per CPU-second of the caller %6.1f%n", m, n, k, ta ? "A^T" : "A  ", tb ? "B^T" : "B  ",
                rates[7], rates[0], rates[14], flops / rates[7] / 1e3, cpuRates[7]);
    }

    private static DeviceMatrix random(Backend be, Random rnd, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() - 0.5f;
        }
        DeviceMatrix m = be.allocate(rows, cols);
        be.upload(v, 0, m);
        return m;
    }
}
