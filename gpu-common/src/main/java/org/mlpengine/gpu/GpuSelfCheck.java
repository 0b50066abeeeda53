package org.mlpengine.gpu;

import java.util.Locale;
import java.util.SplittableRandom;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * A few seconds' worth of proof that a device computes: one plain GEMM and one fused layer (our GEMM tiles with the
 * bias + sigmoid epilogue) on awkward shapes, compared with the same sums in double precision on the host. Probes run
 * it so that "available" means "computes correctly", not merely "a driver answered".
 */
public final class GpuSelfCheck {
    // Not multiples of any tile: partial tiles in every direction.
    private static final int M = 37;
    private static final int K = 45;
    private static final int N = 21;
    /** Relative to the sum of |a||b| over the dot product: float32 accumulation of 45 terms stays far below this. */
    private static final double TOLERANCE = 1e-4;

    private GpuSelfCheck() {
    }

    /** Null when {@code backend} computes both ops correctly, else one line saying what came out wrong. */
    public static String run(Backend backend) {
        SplittableRandom rnd = new SplittableRandom(20261203L);
        float[] a = random(rnd, M * K);
        float[] w = random(rnd, N * K);
        float[] bias = random(rnd, N);
        float[] product = new float[M * N];
        float[] layer = new float[M * N];
        try (DeviceMatrix da = backend.allocate(M, K); DeviceMatrix dw = backend.allocate(N, K);
             DeviceMatrix db = backend.allocate(1, N); DeviceMatrix dc = backend.allocate(M, N);
             DeviceMatrix dl = backend.allocate(M, N)) {
            backend.upload(a, 0, da);
            backend.upload(w, 0, dw);
            backend.upload(bias, 0, db);
            backend.gemm(false, true, 1f, da, dw, 0f, dc);
            backend.linearSigmoid(da, dw, db, dl);
            backend.download(dc, product, 0);
            backend.download(dl, layer, 0);
        }
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double dot = 0;
                double scale = 0;
                for (int k = 0; k < K; k++) {
                    dot += (double) a[i * K + k] * w[j * K + k];
                    scale += Math.abs((double) a[i * K + k] * w[j * K + k]);
                }
                double want = 1 / (1 + Math.exp(-(dot + bias[j])));
                String wrong = compare("gemm", i, j, product[i * N + j], dot, TOLERANCE * scale);
                if (wrong == null) {
                    wrong = compare("linearSigmoid", i, j, layer[i * N + j], want, TOLERANCE * scale / 4 + 1e-6);
                }
                if (wrong != null) {
                    return wrong;
                }
            }
        }
        return null;
    }

    private static String compare(String op, int i, int j, float got, double want, double tolerance) {
        if (Math.abs(got - want) <= tolerance) {
            return null;
        }
        return String.format(Locale.ROOT, "%s %dx%dx%d: element (%d, %d) is %s, expected %.7g (tolerance %.1g)",
                op, M, K, N, i, j, got, want, tolerance);
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
