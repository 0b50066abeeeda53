package org.mlpengine.core.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceOps;

/** gemm in all four transpose cases, on awkward shapes, with several alpha/beta, on owned matrices and views. */
public interface GemmConformance extends ConformanceSupport {

    /**
     * {m, n, k}: the training step's shapes, an evaluation pass's (300 x 50 x 784: tall, 50 columns), degenerate
     * ones, and odd sizes that straddle any vector width (257 x 34 x 200: tall, two columns past two vectors).
     */
    int[][] GEMM_SHAPES = {
        {1, 1, 1}, {1, 7, 33}, {7, 1, 100}, {33, 7, 1}, {17, 65, 129}, {785, 33, 7},
        {100, 50, 784}, {50, 784, 100}, {10, 50, 100}, {100, 10, 50}, {100, 50, 10}, {64, 64, 64},
        {300, 50, 784}, {257, 34, 200},
    };

    /** {alpha, beta}: plain product, SGD update, and scalings that catch a swapped or dropped factor. */
    float[][] ALPHA_BETA = {{1, 0}, {-0.1f, 1}, {0.5f, -2}, {2, 0.25f}};

    static Stream<Arguments> gemmCases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : GEMM_SHAPES) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    cases.add(Arguments.of(s[0], s[1], s[2], ta, tb));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "gemm {0}x{1}x{2} transA={3} transB={4}")
    @MethodSource("org.mlpengine.core.conformance.GemmConformance#gemmCases")
    default void gemmMatchesReference(int m, int n, int k, boolean transA, boolean transB) {
        for (float[] ab : ALPHA_BETA) {
            checkGemm(m, n, k, transA, transB, ab[0], ab[1], 0, 0);
        }
    }

    /** The cases of {@link #gemmCases} up to 100,000 multiply-adds: views are about offsets, not sizes. */
    static Stream<Arguments> gemmViewCases() {
        return gemmCases().filter(c -> {
            Object[] a = c.get();
            return (int) a[0] * (int) a[1] * (int) a[2] <= 100_000;
        });
    }

    @ParameterizedTest(name = "gemm on views {0}x{1}x{2} transA={3} transB={4}")
    @MethodSource("org.mlpengine.core.conformance.GemmConformance#gemmViewCases")
    default void gemmOnViewsMatchesReferenceAndLeavesOtherRowsAlone(int m, int n, int k, boolean transA,
                                                                     boolean transB) {
        checkGemm(m, n, k, transA, transB, -0.1f, 1, 3, 2);
    }

    /**
     * Runs one gemm whose operands are views {@code pad} rows into matrices with {@code pad} extra rows
     * before and {@code tail} after (0 and 0: owned matrices), and compares with the reference.
     */
    private void checkGemm(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta,
                           int pad, int tail) {
        String where = String.format("%dx%dx%d%s%s alpha=%s beta=%s%s", m, n, k, transA ? " A^T" : "",
                transB ? " B^T" : "", alpha, beta, pad > 0 ? " on views" : "");
        SplittableRandom rnd = RandomInputs.random(where);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        float[] a = RandomInputs.uniform(rnd, aRows * aCols, -1, 1);
        float[] b = RandomInputs.uniform(rnd, bRows * bCols, -1, 1);
        float[] c = beta == 0 ? RandomInputs.nans(m * n) : RandomInputs.uniform(rnd, m * n, -1, 1);

        DeviceMatrix dA = view(a, aRows, aCols, pad, tail, rnd);
        DeviceMatrix dB = view(b, bRows, bCols, pad, tail, rnd);
        DeviceMatrix cOwner = matrix(pad + m + tail, n);
        float[] cAll = RandomInputs.uniform(rnd, (pad + m + tail) * n, -1, 1);
        System.arraycopy(c, 0, cAll, pad * n, m * n);
        backend().upload(cAll, 0, cOwner);
        DeviceMatrix dC = pad + tail > 0 ? cOwner.rowSlice(pad, m) : cOwner;

        backend().gemm(transA, transB, alpha, dA, dB, beta, dC);

        DoubleMatrix rA = DoubleMatrix.of(a, aRows, aCols);
        DoubleMatrix rB = DoubleMatrix.of(b, bRows, bCols);
        DoubleMatrix rC = DoubleMatrix.of(c, m, n);
        DoubleMatrix want = ReferenceOps.gemm(transA, transB, alpha, rA, rB, beta, rC);
        DoubleMatrix scale = ReferenceOps.gemmMagnitude(transA, transB, alpha, rA, rB, beta, rC);
        float[] got = download(cOwner);
        assertClose("gemm", where, Arrays.copyOfRange(got, pad * n, (pad + m) * n), want.data, scale.data,
                Tolerances.gemm(k));
        if (pad + tail > 0) {
            float[] before = Arrays.copyOfRange(cAll, 0, pad * n);
            float[] after = Arrays.copyOfRange(cAll, (pad + m) * n, cAll.length);
            assertExact("gemm", where + ", rows before the view", Arrays.copyOfRange(got, 0, pad * n), before);
            assertExact("gemm", where + ", rows after the view",
                    Arrays.copyOfRange(got, (pad + m) * n, got.length), after);
        }
    }

    /** The host matrix uploaded as rows [pad, pad + rows) of a larger matrix filled with other values. */
    private DeviceMatrix view(float[] host, int rows, int cols, int pad, int tail, SplittableRandom rnd) {
        if (pad + tail == 0) {
            return matrix(host, rows, cols);
        }
        float[] all = RandomInputs.uniform(rnd, (pad + rows + tail) * cols, 5, 9);
        System.arraycopy(host, 0, all, pad * cols, host.length);
        return matrix(all, pad + rows + tail, cols).rowSlice(pad, rows);
    }
}
