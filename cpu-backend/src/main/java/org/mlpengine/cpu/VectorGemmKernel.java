package org.mlpengine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the Vector API. Loaded only when {@code jdk.incubator.vector} is present.
 *
 * <ul>
 * <li>Broadcast tiles: 5 rows of C by 4 vectors (64 columns with 16-float vectors), 20 accumulators
 * that stay in registers while p runs; per p, 4 loads of B and 5 broadcasts of A feed 20 FMAs. A
 * narrow variant (5 rows by 1 vector) takes a panel's last 16 columns without padding.
 * <li>Dot tiles (16-float vectors only): 4 rows of A by 4 rows of B, both read along k, 16 accumulators;
 * per 16 values of k, 8 loads feed 16 FMAs. The 16 accumulators are then added lane-wise by a tree of
 * blends, rotations and adds into one vector of the 16 results ({@link #reduceAll}).
 * </ul>
 */
final class VectorGemmKernel implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 5;
    private static final boolean DOTS = L == DOT_LANES;

    /** Per tree level w = 8, 4, 2, 1: lane i reads lane i + w within its group of 2w lanes. */
    private static final VectorShuffle<Float>[] ROTATE = new VectorShuffle[4];
    /** Per tree level: the lanes whose bit w is set. */
    private static final VectorMask<Float>[] UPPER = new VectorMask[4];
    /** Puts the reduced results in the order 4*i + j; found by running the tree once on labelled input. */
    private static final VectorShuffle<Float> ORDER;

    static {
        if (DOTS) {
            for (int level = 0; level < 4; level++) {
                int w = 8 >> level;
                int[] rot = new int[L];
                boolean[] upper = new boolean[L];
                for (int i = 0; i < L; i++) {
                    rot[i] = (i & ~(2 * w - 1)) | ((i + w) & (2 * w - 1));
                    upper[i] = (i & w) != 0;
                }
                ROTATE[level] = VectorShuffle.fromValues(S, rot);
                UPPER[level] = VectorMask.fromValues(S, upper);
            }
            // accumulator q holds 1 in every lane, so its 16-lane sum is 16 q, exact: the lane it lands in names q
            FloatVector[] labelled = new FloatVector[16];
            for (int q = 0; q < 16; q++) {
                labelled[q] = FloatVector.broadcast(S, q);
            }
            float[] landed = reduceAll(labelled).toArray();
            int[] order = new int[L];
            for (int lane = 0; lane < L; lane++) {
                order[(int) (landed[lane] / 16)] = lane;
            }
            ORDER = VectorShuffle.fromValues(S, order);
        } else {
            ORDER = null;
        }
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return 4 * L;
    }

    @Override
    public int narrow() {
        return L;
    }

    @Override
    public void tile(int width, int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] tile) {
        if (width == L) {
            narrowTile(kc, a, aOff, ars, acs, b, bOff, ldb, tile);
        } else if (width == 3 * L) {
            tripleTile(kc, a, aOff, ars, acs, b, bOff, ldb, tile);
        } else {
            quadTile(kc, a, aOff, ars, acs, b, bOff, ldb, 0, L, 2 * L, 3 * L, tile); // the 5x64 tile: four adjacent vectors
        }
    }

    @Override
    public void quadTile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, int j0, int j1,
                         int j2, int j3, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        int a0 = aOff;
        int a1 = aOff + ars;
        int a2 = aOff + 2 * ars;
        int a3 = aOff + 3 * ars;
        int a4 = aOff + 4 * ars;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp + j0);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + j1);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + j2);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + j3);
            int ap = p * acs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            c43 = b3.fma(x, c43);
        }
        int nr = 4 * L;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, nr);
        c11.intoArray(tile, nr + L);
        c12.intoArray(tile, nr + 2 * L);
        c13.intoArray(tile, nr + 3 * L);
        c20.intoArray(tile, 2 * nr);
        c21.intoArray(tile, 2 * nr + L);
        c22.intoArray(tile, 2 * nr + 2 * L);
        c23.intoArray(tile, 2 * nr + 3 * L);
        c30.intoArray(tile, 3 * nr);
        c31.intoArray(tile, 3 * nr + L);
        c32.intoArray(tile, 3 * nr + 2 * L);
        c33.intoArray(tile, 3 * nr + 3 * L);
        c40.intoArray(tile, 4 * nr);
        c41.intoArray(tile, 4 * nr + L);
        c42.intoArray(tile, 4 * nr + 2 * L);
        c43.intoArray(tile, 4 * nr + 3 * L);
    }

    /**
     * One small method, apart from the tiles: C2 compiles it whole. Folded into {@link #quadTile}, the stores made
     * that method too big for C2 to inline every vector op without tiered compilation, and it allocated on each call.
     */
    @Override
    public void updateQuad(float alpha, float beta, float[] tile, float[] c, int cAt, int ldc, int rows, int j0, int j1,
                           int j2, int j3) {
        FloatVector al = FloatVector.broadcast(S, alpha);
        int w = 4 * L;
        if (beta == 0) {
            for (int r = 0; r < rows; r++) {
                int t = r * w;
                int at = cAt + r * ldc;
                FloatVector.fromArray(S, tile, t).mul(al).intoArray(c, at + j0);
                FloatVector.fromArray(S, tile, t + L).mul(al).intoArray(c, at + j1);
                FloatVector.fromArray(S, tile, t + 2 * L).mul(al).intoArray(c, at + j2);
                FloatVector.fromArray(S, tile, t + 3 * L).mul(al).intoArray(c, at + j3);
            }
            return;
        }
        FloatVector be = FloatVector.broadcast(S, beta);
        for (int r = 0; r < rows; r++) { // the row's old values all read before any is written: offsets may overlap
            int t = r * w;
            int at = cAt + r * ldc;
            FloatVector o0 = FloatVector.fromArray(S, c, at + j0).mul(be);
            FloatVector o1 = FloatVector.fromArray(S, c, at + j1).mul(be);
            FloatVector o2 = FloatVector.fromArray(S, c, at + j2).mul(be);
            FloatVector o3 = FloatVector.fromArray(S, c, at + j3).mul(be);
            FloatVector.fromArray(S, tile, t).fma(al, o0).intoArray(c, at + j0);
            FloatVector.fromArray(S, tile, t + L).fma(al, o1).intoArray(c, at + j1);
            FloatVector.fromArray(S, tile, t + 2 * L).fma(al, o2).intoArray(c, at + j2);
            FloatVector.fromArray(S, tile, t + 3 * L).fma(al, o3).intoArray(c, at + j3);
        }
    }

    /** The 5x48 tile: three adjacent vectors (hidden layers of 33 to 48 units would waste a quarter of a 5x64 tile). */
    private static void tripleTile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        int a0 = aOff;
        int a1 = aOff + ars;
        int a2 = aOff + 2 * ars;
        int a3 = aOff + 3 * ars;
        int a4 = aOff + 4 * ars;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            int ap = p * acs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
        }
        int w = 3 * L;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, w);
        c11.intoArray(tile, w + L);
        c12.intoArray(tile, w + 2 * L);
        c20.intoArray(tile, 2 * w);
        c21.intoArray(tile, 2 * w + L);
        c22.intoArray(tile, 2 * w + 2 * L);
        c30.intoArray(tile, 3 * w);
        c31.intoArray(tile, 3 * w + L);
        c32.intoArray(tile, 3 * w + 2 * L);
        c40.intoArray(tile, 4 * w);
        c41.intoArray(tile, 4 * w + L);
        c42.intoArray(tile, 4 * w + 2 * L);
    }

    private static void narrowTile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0;
        int a0 = aOff;
        int a1 = aOff + ars;
        int a2 = aOff + 2 * ars;
        int a3 = aOff + 3 * ars;
        int a4 = aOff + 4 * ars;
        for (int p = 0; p < kc; p++) {
            FloatVector y = FloatVector.fromArray(S, b, bOff + p * ldb);
            int ap = p * acs;
            c0 = y.fma(FloatVector.broadcast(S, a[a0 + ap]), c0);
            c1 = y.fma(FloatVector.broadcast(S, a[a1 + ap]), c1);
            c2 = y.fma(FloatVector.broadcast(S, a[a2 + ap]), c2);
            c3 = y.fma(FloatVector.broadcast(S, a[a3 + ap]), c3);
            c4 = y.fma(FloatVector.broadcast(S, a[a4 + ap]), c4);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
    }

    @Override
    public boolean dots() {
        return DOTS;
    }

    @Override
    public void dotTile(int k, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3,
                        float[] out, float[] pad) {
        int full = k - k % L;
        if (full != k) { // the last partial block of each row, zero-padded, as rows 0..7 of pad
            padTail(a, a0, a1, a2, a3, b, b0, b1, b2, b3, full, k - full, pad);
        }
        dot4x4(full, k != full, a, a0, a1, a2, a3, b, b0, b1, b2, b3, pad, out);
    }

    private static void padTail(float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3,
                                int at, int count, float[] tail) {
        java.util.Arrays.fill(tail, 0, 8 * L, 0f);
        System.arraycopy(a, a0 + at, tail, 0, count);
        System.arraycopy(a, a1 + at, tail, L, count);
        System.arraycopy(a, a2 + at, tail, 2 * L, count);
        System.arraycopy(a, a3 + at, tail, 3 * L, count);
        System.arraycopy(b, b0 + at, tail, 4 * L, count);
        System.arraycopy(b, b1 + at, tail, 5 * L, count);
        System.arraycopy(b, b2 + at, tail, 6 * L, count);
        System.arraycopy(b, b3 + at, tail, 7 * L, count);
    }

    /** Dot tile over k = full (a multiple of L), plus one more block from {@code tail} if {@code withTail}. */
    private static void dot4x4(int full, boolean withTail, float[] a, int a0, int a1, int a2, int a3,
                               float[] b, int b0, int b1, int b2, int b3, float[] tail, float[] out) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int end = withTail ? full + L : full;
        for (int p = 0; p < end; p += L) {
            FloatVector x0, x1, x2, x3, y0, y1, y2, y3;
            if (p < full) {
                x0 = FloatVector.fromArray(S, a, a0 + p);
                x1 = FloatVector.fromArray(S, a, a1 + p);
                x2 = FloatVector.fromArray(S, a, a2 + p);
                x3 = FloatVector.fromArray(S, a, a3 + p);
                y0 = FloatVector.fromArray(S, b, b0 + p);
                y1 = FloatVector.fromArray(S, b, b1 + p);
                y2 = FloatVector.fromArray(S, b, b2 + p);
                y3 = FloatVector.fromArray(S, b, b3 + p);
            } else {
                x0 = FloatVector.fromArray(S, tail, 0);
                x1 = FloatVector.fromArray(S, tail, L);
                x2 = FloatVector.fromArray(S, tail, 2 * L);
                x3 = FloatVector.fromArray(S, tail, 3 * L);
                y0 = FloatVector.fromArray(S, tail, 4 * L);
                y1 = FloatVector.fromArray(S, tail, 5 * L);
                y2 = FloatVector.fromArray(S, tail, 6 * L);
                y3 = FloatVector.fromArray(S, tail, 7 * L);
            }
            c00 = x0.fma(y0, c00);
            c01 = x0.fma(y1, c01);
            c02 = x0.fma(y2, c02);
            c03 = x0.fma(y3, c03);
            c10 = x1.fma(y0, c10);
            c11 = x1.fma(y1, c11);
            c12 = x1.fma(y2, c12);
            c13 = x1.fma(y3, c13);
            c20 = x2.fma(y0, c20);
            c21 = x2.fma(y1, c21);
            c22 = x2.fma(y2, c22);
            c23 = x2.fma(y3, c23);
            c30 = x3.fma(y0, c30);
            c31 = x3.fma(y1, c31);
            c32 = x3.fma(y2, c32);
            c33 = x3.fma(y3, c33);
        }
        // the tree of GemmKernel's definition, written out: C2 would not inline helper methods here, and a
        // vector passed to a call that is not inlined is boxed. Each line is one fold (see reduceAll).
        VectorMask<Float> m0 = UPPER[0], m1 = UPPER[1], m2 = UPPER[2], m3 = UPPER[3];
        VectorShuffle<Float> r0 = ROTATE[0], r1 = ROTATE[1], r2 = ROTATE[2], r3 = ROTATE[3];
        FloatVector d0 = c00.blend(c01, m0).add(c01.blend(c00, m0).rearrange(r0));
        FloatVector d1 = c02.blend(c03, m0).add(c03.blend(c02, m0).rearrange(r0));
        FloatVector d2 = c10.blend(c11, m0).add(c11.blend(c10, m0).rearrange(r0));
        FloatVector d3 = c12.blend(c13, m0).add(c13.blend(c12, m0).rearrange(r0));
        FloatVector d4 = c20.blend(c21, m0).add(c21.blend(c20, m0).rearrange(r0));
        FloatVector d5 = c22.blend(c23, m0).add(c23.blend(c22, m0).rearrange(r0));
        FloatVector d6 = c30.blend(c31, m0).add(c31.blend(c30, m0).rearrange(r0));
        FloatVector d7 = c32.blend(c33, m0).add(c33.blend(c32, m0).rearrange(r0));
        FloatVector e0 = d0.blend(d1, m1).add(d1.blend(d0, m1).rearrange(r1));
        FloatVector e1 = d2.blend(d3, m1).add(d3.blend(d2, m1).rearrange(r1));
        FloatVector e2 = d4.blend(d5, m1).add(d5.blend(d4, m1).rearrange(r1));
        FloatVector e3 = d6.blend(d7, m1).add(d7.blend(d6, m1).rearrange(r1));
        FloatVector g0 = e0.blend(e1, m2).add(e1.blend(e0, m2).rearrange(r2));
        FloatVector g1 = e2.blend(e3, m2).add(e3.blend(e2, m2).rearrange(r2));
        FloatVector h = g0.blend(g1, m3).add(g1.blend(g0, m3).rearrange(r3));
        h.rearrange(ORDER).intoArray(out, 0);
    }

    /**
     * The same tree as the end of {@link #dot4x4}, through a helper (only run once, to find {@link #ORDER}):
     * at each level, two vectors' partial sums are merged into one (lanes with bit w clear keep the
     * first's, the others the second's) and added to the same merge rotated by w, so every lane adds two
     * partial sums of one accumulator. Additions are commutative, so which comes first does not matter.
     */
    private static FloatVector reduceAll(FloatVector[] c) {
        FloatVector[] level = c;
        for (int l = 0; l < 4; l++) {
            FloatVector[] next = new FloatVector[level.length / 2];
            for (int q = 0; q < next.length; q++) {
                FloatVector x = level[2 * q];
                FloatVector y = level[2 * q + 1];
                next[q] = x.blend(y, UPPER[l]).add(y.blend(x, UPPER[l]).rearrange(ROTATE[l]));
            }
            level = next;
        }
        return level[0];
    }

    @Override
    public void update(float alpha, float beta, float[] acc, int from, float[] src, int srcAt, float[] dst, int dstAt,
                       int count) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        int j = 0;
        if (beta == 0) {
            for (; j <= count - L; j += L) {
                FloatVector.fromArray(S, acc, from + j).mul(alphaV).intoArray(dst, dstAt + j);
            }
        } else {
            FloatVector betaV = FloatVector.broadcast(S, beta);
            for (; j <= count - L; j += L) {
                FloatVector old = FloatVector.fromArray(S, src, srcAt + j).mul(betaV);
                FloatVector.fromArray(S, acc, from + j).fma(alphaV, old).intoArray(dst, dstAt + j);
            }
        }
        ScalarGemmKernel.updateRange(alpha, beta, acc, from, src, srcAt, dst, dstAt, j, count); // same roundings
    }

    /** Row offsets 0, ldb, 2 ldb, ... for gathering a column of B; cached for the last ldb seen (one thread packs). */
    private int[] gatherMap = new int[L];
    private int gatherLdb = -1;

    /** Reads L rows of B at once with one gather load per L columns of the panel, instead of L scalar loads. */
    @Override
    public void packTransposed(float[] b, int src, int ldb, int cols, int k, float[] panel, int base, int nr) {
        if (ldb != gatherLdb) {
            for (int i = 0; i < L; i++) {
                gatherMap[i] = i * ldb;
            }
            gatherLdb = ldb;
        }
        int[] map = gatherMap;
        int full = cols - cols % L;
        for (int p = 0; p < k; p++) {
            int dst = base + p * nr;
            for (int j = 0; j < full; j += L) {
                FloatVector.fromArray(S, b, src + j * ldb + p, map, 0).intoArray(panel, dst + j);
            }
            ScalarGemmKernel.packColumns(b, src + p, ldb, panel, dst, full, cols);
        }
    }

    @Override
    public String describe() {
        return "Vector API, " + L + " floats (" + S.vectorBitSize() + " bits) per vector, " + MR + "x" + nr()
                + " and " + MR + "x" + 3 * L + " FMA tiles" + (DOTS ? ", 4x4 dot tiles for A B^T" : "");
    }
}
