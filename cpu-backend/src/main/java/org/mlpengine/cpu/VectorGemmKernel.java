package org.mlpengine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A register-blocked kernel on the Vector API: 4 rows of C by 4 vectors (64 columns with 16-float
 * vectors), 16 accumulators that stay in registers while p runs. Per p it loads 4 vectors of B and
 * broadcasts 4 elements of A for 16 FMAs, so the FMA units, not the loads, set the pace.
 * Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorGemmKernel implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 4;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return 4 * L;
    }

    @Override
    public void tile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a0 = aOff;
        int a1 = aOff + ars;
        int a2 = aOff + 2 * ars;
        int a3 = aOff + 3 * ars;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
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
        }
        // plain stores only: every vector op after the loop adds to the inlining budget, and a
        // vector that reaches a call C2 did not inline is boxed, which slows the whole method
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
    }

    @Override
    public void update(float alpha, float beta, float[] acc, int from, float[] c, int to, int count) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        int j = 0;
        if (beta == 0) {
            for (; j <= count - L; j += L) {
                FloatVector.fromArray(S, acc, from + j).mul(alphaV).intoArray(c, to + j);
            }
        } else {
            FloatVector betaV = FloatVector.broadcast(S, beta);
            for (; j <= count - L; j += L) {
                FloatVector old = FloatVector.fromArray(S, c, to + j).mul(betaV);
                FloatVector.fromArray(S, acc, from + j).fma(alphaV, old).intoArray(c, to + j);
            }
        }
        ScalarGemmKernel.updateRange(alpha, beta, acc, from, c, to, j, count); // the same roundings, lane by lane
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
                + " FMA tiles";
    }
}
