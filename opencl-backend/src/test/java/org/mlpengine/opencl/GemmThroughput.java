package org.mlpengine.opencl;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.gpu.GpuBackend;

/**
 * Hand-run harness (not a test): GEMM GFLOP/s of the opencl backend at one training step's shapes and at 1024^3.
 * Each sample enqueues a batch of launches and waits for the queue; prints the median of the samples.
 * Run: see opencl-backend/README.md.
 */
public final class GemmThroughput {
    private GemmThroughput() {
    }

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Object[][] cases = {
                // name, transA, transB, A rows, A cols, B rows, B cols
                {"forward X W_h^T  100x784 * (50x784)^T", false, true, 100, 784, 50, 784},
                {"grad D_h^T X     (100x50)^T * 100x784", true, false, 100, 50, 100, 784},
                {"grad D_o^T A_h   (100x10)^T * 100x50", true, false, 100, 10, 100, 50},
                {"square 1024^3    1024x1024 * 1024x1024", false, false, 1024, 1024, 1024, 1024},
        };
        try (GpuBackend be = (GpuBackend) new OpenClBackendProvider().open(BackendOptions.DEFAULT)) {
            System.out.println("device: " + be.device());
            Random rnd = new Random(1);
            for (Object[] c : cases) {
                boolean ta = (boolean) c[1];
                boolean tb = (boolean) c[2];
                DeviceMatrix a = matrix(be, rnd, (int) c[3], (int) c[4]);
                DeviceMatrix b = matrix(be, rnd, (int) c[5], (int) c[6]);
                int m = ta ? a.cols() : a.rows();
                int k = ta ? a.rows() : a.cols();
                int n = tb ? b.rows() : b.cols();
                DeviceMatrix out = be.allocate(m, n);
                double flop = 2.0 * m * n * k;
                // About 50 ms of work per sample on PoCL-class speeds (3 GFLOP/s), at least one launch.
                int reps = (int) Math.max(1, Math.min(1000, 0.05 * 3e9 / flop));
                be.gemm(ta, tb, 1f, a, b, 0f, out); // compiles the kernel (PoCL builds lazily)
                be.synchronize();
                double[] gflops = new double[samples];
                for (int s = 0; s < samples; s++) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        be.gemm(ta, tb, 1f, a, b, 0f, out);
                    }
                    be.synchronize();
                    gflops[s] = flop * reps / (System.nanoTime() - t0);
                }
                Arrays.sort(gflops);
                System.out.printf(Locale.ROOT, "%-42s %dx%dx%d  %4d launches/sample  median %6.2f GFLOP/s"
                                + "  (min %.2f, max %.2f, %d samples)%n", c[0], m, n, k, reps, gflops[samples / 2],
                        gflops[0], gflops[samples - 1], samples);
                a.close();
                b.close();
                out.close();
            }
        }
    }

    private static DeviceMatrix matrix(GpuBackend be, Random rnd, int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        DeviceMatrix m = be.allocate(rows, cols);
        be.upload(x, 0, m);
        return m;
    }
}
