package org.mlpengine.cpu;

/**
 * The innermost piece of gemm: the products of one {@code mr() x nr()} tile over one block of the
 * inner dimension, written to a scratch tile; {@link Gemm} applies alpha and beta.
 *
 * <p>For every element, with {@code a(i,p) = a[aOff + i*ars + p*acs]} and {@code b(p,j) = b[bOff + p*ldb + j]}:
 * {@code acc = 0; for p in 0..kc-1: acc = fma(a(i,p), b(p,j), acc); tile[i*nr() + j] = acc}.
 * Every kernel performs exactly these roundings in this order, so a result does not depend on which
 * kernel computed it or on how the tiles were split among threads.
 */
interface GemmKernel {
    int mr();

    int nr();

    void tile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] tile);

    /**
     * Moves {@code count} products into C: {@code c = alpha * acc} when beta is 0 (C's old contents,
     * NaN included, are ignored), else {@code c = fma(alpha, acc, beta * c)}, element by element.
     */
    void update(float alpha, float beta, float[] acc, int from, float[] c, int to, int count);

    /**
     * Copies {@code cols} rows of B, starting at {@code b[src]} with row stride {@code ldb}, as the columns
     * of a {@code k x nr} panel at {@code panel[base]}: {@code panel[base + p*nr + j] = b[src + j*ldb + p]}.
     */
    void packTransposed(float[] b, int src, int ldb, int cols, int k, float[] panel, int base, int nr);

    /** For the device description: "Vector API, 16 floats per vector" or why not. */
    String describe();
}
