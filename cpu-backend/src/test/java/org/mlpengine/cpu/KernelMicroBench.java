package org.mlpengine.cpu;

import java.util.Arrays;

/**
 * Single-thread GFLOP/s of the gemm kernels alone on in-cache operands, by hand (not a test): the
 * ceiling that the driver, packing and threads can only lose from. The broadcast tile at kc = 256,
 * then the dot tile at k = 784 (the forward pass's inner dimension) and k = 50.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp cpu-backend/target/classes:cpu-backend/target/test-classes:core/target/classes \
 *     org.mlpengine.cpu.KernelMicroBench</pre>
 */
public final class KernelMicroBench {
    /** Rates per second of this thread's CPU time: on a shared machine, wall time measures the neighbours. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        KernelChoice kernels = KernelChoice.best();
        GemmKernel kernel = kernels.gemm();
        int kc = 256;
        int mr = kernel.mr();
        int nr = kernel.nr();
        float[] a = new float[mr * kc];
        float[] b = new float[kc * nr];
        float[] tile = new float[mr * nr];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        report(kernel.describe() + ": broadcast tile, kc=" + kc, 2.0 * mr * nr * kc, 4_000,
                () -> kernel.tile(nr, kc, a, 0, kc, 1, b, 0, nr, tile));
        sigmoid(kernels.elementwise());
        if (kernel.dots()) {
            for (int k : new int[] {784, 50}) {
                float[] x = new float[4 * k];
                float[] w = new float[4 * k];
                Arrays.fill(x, 0.5f);
                Arrays.fill(w, 0.25f);
                float[] out = new float[16];
                float[] pad = new float[8 * GemmKernel.DOT_LANES];
                report("dot tile 4x4, k=" + k, 2.0 * 16 * k, 400_000 / k * 10,
                        () -> kernel.dotTile(k, x, 0, k, 2 * k, 3 * k, w, 0, k, 2 * k, 3 * k, out, pad));
            }
            // the forward pass's access pattern: 4 rows of X against the 50 rows of W_h (157 KB, in L2)
            int k = 784;
            float[] x = new float[4 * k];
            float[] w = new float[52 * k];
            Arrays.fill(x, 0.5f);
            Arrays.fill(w, 0.25f);
            float[] out = new float[16];
            float[] pad = new float[8 * GemmKernel.DOT_LANES];
            report("dot tiles 4x52, k=784, W in L2", 2.0 * 4 * 52 * k, 2_000, () -> {
                for (int j = 0; j < 52; j += 4) {
                    kernel.dotTile(k, x, 0, k, 2 * k, 3 * k, w, j * k, (j + 1) * k, (j + 2) * k, (j + 3) * k, out, pad);
                }
            });
        }
    }

    private static void sigmoid(ElementwiseKernel kernel) {
        float[] x = new float[5000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) * 0.5f - 4f;
        }
        double[] ns = new double[11];
        int calls = 2_000;
        for (int r = -5; r < ns.length; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                kernel.sigmoid(x, 0, x.length);
                x[i % 5000] = (i % 17) * 0.5f - 4f; // keep values in range
            }
            if (r >= 0) {
                ns[r] = (CPU.getCurrentThreadCpuTime() - t0) / (double) calls / x.length;
            }
        }
        Arrays.sort(ns);
        System.out.printf("sigmoid over 5000 floats: median %.3f ns per element (min %.3f)%n", ns[5], ns[0]);
    }

    private static void report(String what, double flops, int calls, Runnable call) {
        double[] rates = new double[11];
        for (int r = -5; r < rates.length; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            if (r >= 0) {
                rates[r] = flops * calls / (CPU.getCurrentThreadCpuTime() - t0);
            }
        }
        Arrays.sort(rates);
        System.out.printf("%s: median %.1f GFLOP/s (min %.1f, max %.1f), one thread%n", what, rates[5], rates[0], rates[10]);
    }
}
