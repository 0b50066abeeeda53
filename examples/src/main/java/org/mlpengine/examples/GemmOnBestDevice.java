package org.mlpengine.examples;

import java.util.Locale;
import java.util.SplittableRandom;

import org.mlpengine.core.api.MlpEngine;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * The backend SPI as a compute API: {@code C = A B} and the column sums of C on the best backend available (or the
 * one named), checked against the cpu backend.
 *
 * <pre>
 * GemmOnBestDevice [BACKEND [M K N]]      (default: auto 1000 784 50)
 * </pre>
 * Exits with 1 if an element differs from the cpu's by more than 1e-5 of the sum of its products' magnitudes.
 */
public final class GemmOnBestDevice {
    /** Allowed error per element, relative to {@code sum_k |a_ik b_kj|} (float32 sums of up to thousands of terms). */
    static final double TOLERANCE = 1e-5;

    private GemmOnBestDevice() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "auto";
        int m = args.length > 3 ? Integer.parseInt(args[1]) : 1000;
        int k = args.length > 3 ? Integer.parseInt(args[2]) : 784;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        SplittableRandom rng = new SplittableRandom(42);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextDouble(-1, 1);
        }

        Result device = multiply(name, a, b, m, k, n);
        Result cpu = multiply("cpu", a, b, m, k, n);

        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    magnitude += Math.abs((double) a[i * k + p] * b[p * n + j]);
                }
                worst = Math.max(worst, Math.abs(device.c[i * n + j] - cpu.c[i * n + j]) / magnitude);
            }
        }
        double worstSum = 0;
        for (int j = 0; j < n; j++) {
            worstSum = Math.max(worstSum, Math.abs(device.sums[j] - cpu.sums[j]) / Math.max(1, Math.abs(cpu.sums[j])));
        }
        System.out.printf(Locale.ROOT, "C = A B, %dx%d times %dx%d, on %s (%s): %.1f ms, cpu %.1f ms (one cold call each)%n", m, k, k, n,
                device.backend, device.device, device.millis, cpu.millis);
        System.out.printf(Locale.ROOT, "largest difference from cpu: %.2e of the products' magnitude "
                + "(allowed %.0e); column sums: %.2e relative%n", worst, TOLERANCE, worstSum);
        if (worst > TOLERANCE || worstSum > TOLERANCE * k) {
            System.out.println("MISMATCH");
            System.exit(1);
        }
        System.out.println("agrees with cpu");
    }

    private record Result(String backend, String device, float[] c, float[] sums, double millis) {
    }

    /** Uploads A and B, multiplies, sums C's columns and downloads both; the backend and its matrices are closed. */
    private static Result multiply(String backendName, float[] a, float[] b, int m, int k, int n) {
        try (Backend backend = MlpEngine.openBackend(backendName);
             DeviceMatrix da = backend.allocate(m, k);
             DeviceMatrix db = backend.allocate(k, n);
             DeviceMatrix dc = backend.allocate(m, n);
             DeviceMatrix sums = backend.allocate(1, n)) {
            backend.upload(a, 0, da);
            backend.upload(b, 0, db);
            long t0 = System.nanoTime();
            backend.gemm(false, false, 1f, da, db, 0f, dc);
            backend.synchronize();
            double millis = (System.nanoTime() - t0) / 1e6;
            backend.columnSums(1f, dc, 0f, sums);
            float[] c = new float[m * n];
            float[] s = new float[n];
            backend.download(dc, c, 0);
            backend.download(sums, s, 0);
            return new Result(backend.name(), backend.device().name(), c, s, millis);
        }
    }
}
