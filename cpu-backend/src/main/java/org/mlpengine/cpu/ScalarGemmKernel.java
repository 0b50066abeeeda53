package org.mlpengine.cpu;

import java.util.Arrays;

/** The kernels without the Vector API: the same roundings as {@link VectorGemmKernel}, in plain loops. */
final class ScalarGemmKernel implements GemmKernel {
    private static final int MR = 4;
    private static final int NR = 16;

    private final String why;
    private final boolean dots;

    /** {@code dots}: whether gemm takes the dot-tile path for A B^T; must match the kernel it is compared with. */
    ScalarGemmKernel(String why, boolean dots) {
        this.why = why;
        this.dots = dots;
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
    public int narrow() {
        return NR;
    }

    @Override
    public void tile(int width, int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                     float[] tile) {
        Arrays.fill(tile, 0, MR * width, 0f);
        for (int i = 0; i < MR; i++) {
            int ai = aOff + i * ars;
            int ti = i * width;
            // p outer, j inner: each element still sees p in order, and C2 can vectorize the j loop
            for (int p = 0; p < kc; p++) {
                float aip = a[ai + p * acs];
                int bp = bOff + p * ldb;
                for (int j = 0; j < width; j++) {
                    tile[ti + j] = Math.fma(aip, b[bp + j], tile[ti + j]);
                }
            }
        }
    }

    @Override
    public void quadTile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, int j0, int j1,
                         int j2, int j3, float[] tile) {
        Arrays.fill(tile, 0, 4 * MR * NR, 0f);
        for (int i = 0; i < MR; i++) {
            int ai = aOff + i * ars;
            for (int q = 0; q < 4; q++) {
                int ti = (4 * i + q) * NR;
                int jq = q == 0 ? j0 : q == 1 ? j1 : q == 2 ? j2 : j3; // no array: this runs once per small tile
                for (int p = 0; p < kc; p++) {
                    float aip = a[ai + p * acs];
                    int bp = bOff + p * ldb + jq;
                    for (int j = 0; j < NR; j++) {
                        tile[ti + j] = Math.fma(aip, b[bp + j], tile[ti + j]);
                    }
                }
            }
        }
    }

    @Override
    public void updateQuad(float alpha, float beta, float[] tile, float[] c, int cAt, int ldc, int rows, int j0, int j1,
                           int j2, int j3) {
        for (int i = 0; i < rows; i++) {
            int ci = cAt + i * ldc;
            int done = Integer.MIN_VALUE; // columns below this are written: offsets are nondecreasing
            for (int q = 0; q < 4; q++) {
                int jq = q == 0 ? j0 : q == 1 ? j1 : q == 2 ? j2 : j3;
                int from = Math.max(jq, done);
                updateRange(alpha, beta, tile, (4 * i + q) * NR - jq, c, ci, c, ci, from, jq + NR);
                done = Math.max(done, jq + NR);
            }
        }
    }

    @Override
    public boolean dots() {
        return dots;
    }

    @Override
    public void dotTile(int k, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3,
                        float[] out, float[] pad) {
        int[] as = {a0, a1, a2, a3};
        int[] bs = {b0, b1, b2, b3};
        float[] lane = pad;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[4 * i + j] = dot(k, a, as[i], b, bs[j], lane);
            }
        }
    }

    /** One dot product in the lanes and tree of {@link GemmKernel}'s definition. */
    static float dot(int k, float[] a, int ai, float[] b, int bj, float[] lane) {
        Arrays.fill(lane, 0, DOT_LANES, 0f);
        for (int p0 = 0; p0 < k; p0 += DOT_LANES) {
            for (int l = 0; l < DOT_LANES; l++) {
                int p = p0 + l;
                float x = p < k ? a[ai + p] : 0f;
                float y = p < k ? b[bj + p] : 0f;
                lane[l] = Math.fma(x, y, lane[l]);
            }
        }
        for (int half = DOT_LANES / 2; half >= 1; half /= 2) {
            for (int l = 0; l < half; l++) {
                lane[l] = lane[l] + lane[l + half];
            }
        }
        return lane[0];
    }

    @Override
    public void update(float alpha, float beta, float[] acc, int from, float[] src, int srcAt, float[] dst, int dstAt,
                       int count) {
        updateRange(alpha, beta, acc, from, src, srcAt, dst, dstAt, 0, count);
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
    static void updateRange(float alpha, float beta, float[] acc, int from, float[] src, int srcAt, float[] dst,
                            int dstAt, int start, int end) {
        if (beta == 0) {
            for (int j = start; j < end; j++) {
                dst[dstAt + j] = alpha * acc[from + j];
            }
        } else {
            for (int j = start; j < end; j++) {
                dst[dstAt + j] = Math.fma(alpha, acc[from + j], beta * src[srcAt + j]);
            }
        }
    }

    @Override
    public String describe() {
        return "scalar kernels (" + why + ")";
    }
}
