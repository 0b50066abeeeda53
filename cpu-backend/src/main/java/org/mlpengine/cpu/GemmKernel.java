package org.mlpengine.cpu;

/**
 * The innermost piece of gemm: one {@code mr() x nr()} tile of C over one block of the inner dimension.
 *
 * <p>For every element, with {@code a(i,p) = a[aOff + i*ars + p*acs]} and {@code b(p,j) = b[bOff + p*ldb + j]}:
 * {@code acc = 0; for p in 0..kc-1: acc = fma(a(i,p), b(p,j), acc)}, then
 * {@code c[cOff + i*ldc + j] = fma(alpha, acc, beta == 0 ? 0 : beta * c[...])}.
 * Every kernel performs exactly these roundings in this order, so a result does not depend on which
 * kernel computed it or on how the tiles were split among threads.
 */
interface GemmKernel {
    int mr();

    int nr();

    void tile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
              float alpha, float beta, float[] c, int cOff, int ldc);

    /** For the device description: "Vector API, 16 floats per vector" or why not. */
    String describe();
}
