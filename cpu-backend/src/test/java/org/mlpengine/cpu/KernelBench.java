package org.mlpengine.cpu;

import java.util.Arrays;

/**
 * Single-thread GFLOP/s of the gemm kernel alone on one in-cache tile, by hand (not a test): the
 * ceiling that the driver, packing and threads can only lose from.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp cpu-backend/target/classes:cpu-backend/target/test-classes:core/target/classes \
 *     org.mlpengine.cpu.KernelBench</pre>
 */
public final class KernelBench {
    /** Rates per second of this thread's CPU time: on a shared machine, wall time measures the neighbours. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        GemmKernel kernel = Kernels.best();
        int kc = 256;
        int mr = kernel.mr();
        int nr = kernel.nr();
        float[] a = new float[mr * kc];
        float[] b = new float[kc * nr];
        float[] tile = new float[mr * nr];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        double flops = 2.0 * mr * nr * kc;
        int calls = 4_000;
        double[] rates = new double[11];
        for (int r = -5; r < rates.length; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                kernel.tile(kc, a, 0, kc, 1, b, 0, nr, tile);
            }
            if (r >= 0) {
                rates[r] = flops * calls / (CPU.getCurrentThreadCpuTime() - t0);
            }
        }
        Arrays.sort(rates);
        System.out.printf("%s: kc=%d, median %.1f GFLOP/s (min %.1f, max %.1f), one thread%n",
                kernel.describe(), kc, rates[5], rates[0], rates[10]);
    }
}
