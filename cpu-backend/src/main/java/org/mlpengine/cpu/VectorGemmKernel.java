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
    public void tile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                     float alpha, float beta, float[] c, int cOff, int ldc) {
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
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        storeRow(c00, c01, c02, c03, alphaV, beta, c, cOff);
        storeRow(c10, c11, c12, c13, alphaV, beta, c, cOff + ldc);
        storeRow(c20, c21, c22, c23, alphaV, beta, c, cOff + 2 * ldc);
        storeRow(c30, c31, c32, c33, alphaV, beta, c, cOff + 3 * ldc);
    }

    /** One row of the tile: {@code c = fma(alpha, acc, beta * c)}, C ignored when beta is 0. */
    private static void storeRow(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3,
                                 FloatVector alpha, float beta, float[] c, int off) {
        store(v0, alpha, beta, c, off);
        store(v1, alpha, beta, c, off + L);
        store(v2, alpha, beta, c, off + 2 * L);
        store(v3, alpha, beta, c, off + 3 * L);
    }

    private static void store(FloatVector acc, FloatVector alpha, float beta, float[] c, int off) {
        FloatVector old = beta == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, c, off).mul(beta);
        acc.fma(alpha, old).intoArray(c, off);
    }

    @Override
    public String describe() {
        return "Vector API, " + L + " floats (" + S.vectorBitSize() + " bits) per vector, " + MR + "x" + nr()
                + " FMA tiles";
    }
}
