package org.mlpengine.cpu;

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
    public void tile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                     float alpha, float beta, float[] c, int cOff, int ldc) {
        float[] acc = new float[NR];
        for (int i = 0; i < MR; i++) {
            java.util.Arrays.fill(acc, 0f);
            int ai = aOff + i * ars;
            // p outer, j inner: each acc[j] still sees p in order, and C2 can vectorize the j loop
            for (int p = 0; p < kc; p++) {
                float aip = a[ai + p * acs];
                int bp = bOff + p * ldb;
                for (int j = 0; j < NR; j++) {
                    acc[j] = Math.fma(aip, b[bp + j], acc[j]);
                }
            }
            int ci = cOff + i * ldc;
            for (int j = 0; j < NR; j++) {
                c[ci + j] = Math.fma(alpha, acc[j], beta == 0 ? 0f : beta * c[ci + j]);
            }
        }
    }

    @Override
    public String describe() {
        return "scalar kernels (" + why + ")";
    }
}
