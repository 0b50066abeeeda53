package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * Bits, not tolerances: gemm gives identical results with the vector and the scalar kernel, with 1, 2
 * or 3 threads, and run after run, because every element is the same fma chain in the same order.
 * 33000x4x128 has more rows than the pool has units at the usual unit size; the small shapes take the
 * in-place path with one, two, four and more than four vectors of columns; the tall ones with 34, 20, 47 and
 * 50 columns end in dot-tile columns after narrow, triple or wide panels (40 columns: a padded triple panel).
 */
class GemmDeterminismTest {

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"100,50,784", "50,784,100", "10,50,100", "100,10,50", "100,20,10", "7,33,5", "30,64,30", "13,130,9", "17,65,129", "1,1,1", "201,67,300", "600,50,784", "300,34,200", "257,20,130", "200,40,150", "130,47,128", "33000,4,128"})
    void everyKernelAndThreadCountGivesTheSameBits(int m, int n, int k) {
        float[] first = null;
        for (int variant = 0; variant < 5; variant++) {
            KernelChoice kernels = variant == 4 ? KernelChoice.scalar() : KernelChoice.best();
            int threads = variant == 4 ? 2 : 1 + variant % 3; // 1, 2, 3, 1 again, then scalar on 2
            try (CpuBackend be = new CpuBackend(threads, kernels)) {
                float[] bits = allTransposes(be, m, n, k);
                if (first == null) {
                    first = bits;
                } else {
                    assertArrayEquals(first, bits, "variant " + variant + ": " + threads + " threads, " + kernels.describe());
                }
            }
        }
    }

    /** The four transpose cases, with beta 0 and then an SGD-style update, concatenated. */
    private static float[] allTransposes(CpuBackend be, int m, int n, int k) {
        Random rnd = new Random(m * 31L + n * 17L + k);
        float[] out = new float[8 * m * n];
        int at = 0;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            DeviceMatrix a = upload(be, rnd, ta ? k : m, ta ? m : k);
            DeviceMatrix b = upload(be, rnd, tb ? n : k, tb ? k : n);
            DeviceMatrix c = upload(be, rnd, m, n);
            be.gemm(ta, tb, 1f, a, b, 0f, c);
            be.download(c, out, at);
            at += m * n;
            be.gemm(ta, tb, -0.1f, a, b, 1f, c);
            be.download(c, out, at);
            at += m * n;
        }
        return out;
    }

    private static DeviceMatrix upload(CpuBackend be, Random rnd, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        DeviceMatrix m = be.allocate(rows, cols);
        be.upload(v, 0, m);
        return m;
    }
}
