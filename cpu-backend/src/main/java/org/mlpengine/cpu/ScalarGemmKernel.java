package org.mlpengine.cpu;

import java.util.Arrays;

/** The kernel without the Vector API: the same fma chain per element as {@link VectorGemmKernel}, in plain loops. */
final class ScalarGemmKernel implements GemmKernel {
    private static final int MR = 4;
    private static final int NR = 16;

    private final String why;

    ScalarGemmKernel(String why) {
        this.why = why;
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void tile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] tile) {
        Arrays.fill(tile, 0, MR * NR, 0f);
        for (int i = 0; i < MR; i++) {
            int ai = aOff + i * ars;
            int ti = i * NR;
            // p outer, j inner: each element still sees p in order, and C2 can vectorize the j loop
            for (int p = 0; p < kc; p++) {
                float aip = a[ai + p * acs];
                int bp = bOff + p * ldb;
                for (int j = 0; j < NR; j++) {
                    tile[ti + j] = Math.fma(aip, b[bp + j], tile[ti + j]);
                }
            }
        }
    }

    @Override
    public void update(float alpha, float beta, float[] acc, int from, float[] c, int to, int count) {
        updateRange(alpha, beta, acc, from, c, to, 0, count);
    }

    @Override
    public void packTransposed(float[] b, int src, int ldb, int cols, int k, float[] panel, int base, int nr) {
        for (int p = 0; p < k; p++) {
            packColumns(b, src + p, ldb, panel, base + p * nr, 0, cols);
        }
    }

    /** Columns [from, to) of one panel row; also the vector kernel's tail. */
    static void packColumns(float[] b, int src, int ldb, float[] panel, int dst, int from, int to) {
        for (int j = from; j < to; j++) {
            panel[dst + j] = b[src + j * ldb];
        }
    }

    /** Elements [start, end) of {@link #update}; also the vector kernel's tail. */
    static void updateRange(float alpha, float beta, float[] acc, int from, float[] c, int to, int start, int end) {
        if (beta == 0) {
            for (int j = start; j < end; j++) {
                c[to + j] = alpha * acc[from + j];
            }
        } else {
            for (int j = start; j < end; j++) {
                c[to + j] = Math.fma(alpha, acc[from + j], beta * c[to + j]);
            }
        }
    }

    @Override
    public String describe() {
        return "scalar kernels (" + why + ")";
    }
}
