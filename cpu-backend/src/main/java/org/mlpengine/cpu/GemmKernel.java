package org.mlpengine.cpu;

/**
 * The innermost pieces of gemm, one implementation per instruction set (the element-wise ops are
 * {@link ElementwiseKernel}'s).
 * Every implementation performs exactly the roundings written here, in this order, so a result does
 * not depend on which kernel computed it or on how the work was split among threads.
 *
 * <p><b>Broadcast tiles</b> ({@link #tile}): the products of one {@code mr() x width} tile over one
 * block of the inner dimension, with {@code a(i,p) = a[aOff + i*ars + p*acs]} and
 * {@code b(p,j) = b[bOff + p*ldb + j]}: {@code acc = 0; for p in 0..kc-1: acc = fma(a(i,p), b(p,j), acc);
 * tile[i*width + j] = acc}.
 *
 * <p><b>Dot tiles</b> ({@link #dotTile}), for {@code A B^T} where both operands are rows along k: each
 * element is a dot product in {@value #DOT_LANES} lanes, lane l summing
 * {@code fma(a[p], b[p], lane)} over {@code p = l, l+16, l+32, ...} (k rounded up to a multiple of 16
 * with zeros), then the lanes added as a fixed tree: {@code t[l] = lane[l] + lane[l+8]},
 * {@code u[l] = t[l] + t[l+4]}, {@code v[l] = u[l] + u[l+2]}, {@code sum = v[0] + v[1]}.
 */
interface GemmKernel {
    /** Lanes of a dot tile's partial sums, whatever the hardware's vector width. */
    int DOT_LANES = 16;

    /** Rows of a broadcast tile. */
    int mr();

    /** Columns of a wide broadcast tile. */
    int nr();

    /** Columns of a narrow broadcast tile (for a panel's last few columns); {@code nr()} when there is none. */
    int narrow();

    /**
     * A broadcast tile of {@code width} columns: {@link #nr()}, {@link #narrow()}, or, where {@code narrow() < nr()},
     * three narrow widths (a panel whose last quarter would be all padding).
     */
    void tile(int width, int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] tile);

    /**
     * Four narrow tiles side by side: {@code mr()} rows by the {@code narrow()} columns of op(B) starting at
     * each of {@code b[bOff + j0..j3]} (offsets may repeat or overlap), in one pass over p so that each
     * broadcast of A feeds four vectors; group q of row i lands at {@code tile[(4*i + q) * narrow()]}. The
     * same products as {@link #tile} with width {@code narrow()} at each offset.
     */
    void quadTile(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, int j0, int j1, int j2,
                  int j3, float[] tile);

    /**
     * Moves a {@link #quadTile}'s first {@code rows} rows into C by {@link #update}'s rule: group q of row i goes to
     * {@code c[cAt + i*ldc + jq ..]}, {@code narrow()} values. Offsets are nondecreasing and may overlap:
     * overlapping columns hold the same products, and each is updated once from its old value.
     */
    void updateQuad(float alpha, float beta, float[] tile, float[] c, int cAt, int ldc, int rows, int j0, int j1,
                    int j2, int j3);

    /** Whether {@link #dotTile} is this kernel's fast path (else gemm packs B^T for broadcast tiles). */
    boolean dots();

    /**
     * The 4x4 dot products of rows {@code a0..a3} of A (offsets into {@code a}) with rows {@code b0..b3}
     * of B, each of length k: {@code out[4*i + j] = dot(a_i, b_j)} as defined above. Offsets may repeat.
     * {@code pad} is the calling thread's scratch of at least {@code 8 * DOT_LANES} floats.
     */
    void dotTile(int k, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3,
                 float[] out, float[] pad);

    /**
     * Moves {@code count} products into place: {@code dst = alpha * acc} when beta is 0 (src's contents,
     * NaN included, are ignored), else {@code dst = fma(alpha, acc, beta * src)}, element by element.
     * {@code src} and {@code dst} may be the same range.
     */
    void update(float alpha, float beta, float[] acc, int from, float[] src, int srcAt, float[] dst, int dstAt,
                int count);

    /**
     * {@link #update} of {@code rows} rows at once: row r moves {@code acc[from + r*accStride ..]} into
     * {@code c[cAt + r*ldc ..]}, {@code count} values each, C being both source and destination.
     */
    default void updateRows(float alpha, float beta, float[] acc, int from, int accStride, float[] c, int cAt, int ldc,
                            int rows, int count) {
        for (int r = 0; r < rows; r++) {
            update(alpha, beta, acc, from + r * accStride, c, cAt + r * ldc, c, cAt + r * ldc, count);
        }
    }

    /**
     * Copies {@code cols} rows of B, starting at {@code b[src]} with row stride {@code ldb}, as the columns
     * of a {@code k x nr} panel at {@code panel[base]}: {@code panel[base + p*nr + j] = b[src + j*ldb + p]}.
     */
    void packTransposed(float[] b, int src, int ldb, int cols, int k, float[] panel, int base, int nr);

    /** For the device description: "Vector API, 16 floats per vector" or why not. */
    String describe();
}
