package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * Bits, not tolerances: the fused linearSigmoid (bias and sigmoid applied per pool unit) equals gemm then
 * biasSigmoid, and it and the parallel gather give the same bits with 1, 2 or 3 threads and either kernel.
 */
class FusedDeterminismTest {

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"100,50,784", "100,10,50", "1000,50,784", "17,65,129", "1,1,1", "50,784,100"})
    void fusedLayerAndGatherMatchTheUnfusedOpsOnEveryThreadCount(int m, int n, int k) {
        float[] first = null;
        for (int variant = 0; variant < 4; variant++) {
            KernelChoice kernels = variant == 3 ? KernelChoice.scalar() : KernelChoice.best();
            int threads = variant == 3 ? 2 : 1 + variant;
            try (CpuBackend be = new CpuBackend(threads, kernels)) {
                Random rnd = new Random(m * 31L + n * 17L + k);
                DeviceMatrix src = upload(be, rnd, 3 * m + 7, k);
                int[] perm = new int[m];
                for (int i = 0; i < m; i++) {
                    perm[i] = rnd.nextInt(3 * m + 7);
                }
                DeviceInts idx = be.allocateInts(m);
                be.upload(perm, 0, idx);
                DeviceMatrix x = be.allocate(m, k);
                be.gatherRows(src, idx, x);
                DeviceMatrix w = upload(be, rnd, n, k);
                DeviceMatrix bias = upload(be, rnd, 1, n);
                DeviceMatrix fused = be.allocate(m, n);
                be.linearSigmoid(x, w, bias, fused);
                DeviceMatrix unfused = be.allocate(m, n);
                be.gemm(false, true, 1f, x, w, 0f, unfused);
                be.biasSigmoid(unfused, bias, unfused);
                float[] out = new float[m * k + 2 * m * n];
                be.download(x, out, 0);
                be.download(fused, out, m * k);
                be.download(unfused, out, m * k + m * n);
                float[] f = java.util.Arrays.copyOfRange(out, m * k, m * k + m * n);
                float[] u = java.util.Arrays.copyOfRange(out, m * k + m * n, out.length);
                assertArrayEquals(u, f, "fused vs unfused, " + threads + " threads, " + kernels.describe());
                if (first == null) {
                    first = out;
                } else {
                    assertArrayEquals(first, out, "variant " + variant + ": " + threads + " threads, " + kernels.describe());
                }
            }
        }
    }

    private static DeviceMatrix upload(CpuBackend be, Random rnd, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() * 4 - 2;
        }
        DeviceMatrix m = be.allocate(rows, cols);
        be.upload(v, 0, m);
        return m;
    }
}
