package org.mlpengine.cpu;

/**
 * {@code C = alpha op(A) op(B) + beta C} by tiles: C is cut into {@code mr x nr} tiles, the inner
 * dimension into blocks of at most {@link #KC_MAX}, and each tile is one {@link GemmKernel} call per
 * block, which writes the products to a per-thread scratch tile; alpha and beta are applied while
 * copying its valid part to C. A is read in place through strides (either transpose), except a
 * partial last row block, which is copied with zero padding; B is read in place when its rows are
 * contiguous, else packed once per call into zero-padded panels of nr columns. So the kernel only
 * ever sees full tiles.
 *
 * <p>Threads split the tiles, never the inner dimension, and the blocking depends only on the shape,
 * so every element is computed by the same sequence of roundings whatever the thread count.
 */
final class Gemm {
    /**
     * Inner-dimension block. Each extra block costs a pass over the tile to add it into C; up to
     * 1024 x 64 floats (256 KiB) of B stay in L2, which feeds 4 vector loads per 16 FMAs in time.
     */
    static final int KC_MAX = 1024;
    /** Below this many flops the caller computes alone: waking a worker costs about as much. */
    private static final long PARALLEL_MIN_FLOPS = 2_000_000;
    /** Work per chunk: big enough to amortize claiming it, small enough that a late worker still gets some. */
    private static final long CHUNK_FLOPS = 1_000_000;

    private final GemmKernel kernel;
    private final WorkerPool pool;
    private final int mr;
    private final int nr;
    private final float[][] aEdge;
    private final float[][] scratchTiles;
    private float[] packedB = new float[0];

    Gemm(GemmKernel kernel, WorkerPool pool) {
        this.kernel = kernel;
        this.pool = pool;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        aEdge = new float[pool.threads()][mr * KC_MAX];
        scratchTiles = new float[pool.threads()][mr * nr];
    }

    /** Operands as (array, offset, rows, cols) of row-major storage; shapes already checked. */
    void multiply(boolean transA, boolean transB, float alpha,
                  float[] a, int aOff, int aCols, float[] b, int bOff, int bCols,
                  float beta, float[] c, int cOff, int m, int n, int k) {
        new Call(transA, transB, alpha, a, aOff, aCols, b, bOff, bCols, beta, c, cOff, m, n, k).run();
    }

    /** One gemm: its geometry, and the chunk body that the pool runs. */
    private final class Call {
        final float alpha;
        final float beta;
        final float[] a;
        final int aOff;
        final int ars;
        final int acs;
        final float[] b;
        final int bOff;
        final int ldb;
        final boolean packAll;
        final float[] c;
        final int cOff;
        final int m;
        final int n;
        final int k;
        final int panels;
        final int rowBlocks;
        final int kBlock;

        Call(boolean transA, boolean transB, float alpha, float[] a, int aOff, int aCols, float[] b, int bOff,
             int bCols, float beta, float[] c, int cOff, int m, int n, int k) {
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.aOff = aOff;
            this.ars = transA ? 1 : aCols;
            this.acs = transA ? aCols : 1;
            this.b = b;
            this.bOff = bOff;
            this.ldb = bCols;
            this.packAll = transB;
            this.c = c;
            this.cOff = cOff;
            this.m = m;
            this.n = n;
            this.k = k;
            this.panels = (n + nr - 1) / nr;
            this.rowBlocks = (m + mr - 1) / mr;
            int kBlocks = (k + KC_MAX - 1) / KC_MAX;
            this.kBlock = (k + kBlocks - 1) / kBlocks;
        }

        void run() {
            packB();
            int tiles = panels * rowBlocks;
            long flops = 2L * m * n * k;
            int chunks = 1;
            if (flops >= PARALLEL_MIN_FLOPS && pool.threads() > 1) {
                chunks = (int) Math.min(Math.min(tiles, 4L * pool.threads()), Math.max(pool.threads(), flops / CHUNK_FLOPS));
            }
            int chunkCount = chunks;
            pool.run(chunkCount, (chunk, worker) ->
                    tiles((int) ((long) chunk * tiles / chunkCount), (int) ((long) (chunk + 1) * tiles / chunkCount), worker));
        }

        /** Whether panel jp is read from the packed copy: always for op(B) = B^T, else only a partial last panel. */
        boolean packed(int jp) {
            return packAll || (jp == panels - 1 && n % nr != 0);
        }

        /** Where panel jp starts in the packed copy: k x nr floats per packed panel. */
        int packedBase(int jp) {
            return packAll ? jp * k * nr : 0;
        }

        /** Copies op(B)'s panels that cannot be read in place into zero-padded k x nr blocks. */
        void packB() {
            int first = packAll ? 0 : panels - 1;
            if (!packed(first)) {
                return;
            }
            int need = (panels - first) * k * nr;
            if (packedB.length < need) {
                packedB = new float[need];
            }
            for (int jp = first; jp < panels; jp++) {
                int base = packedBase(jp);
                int j0 = jp * nr;
                int cols = Math.min(nr, n - j0);
                if (packAll) {
                    kernel.packTransposed(b, bOff + j0 * ldb, ldb, cols, k, packedB, base, nr);
                } else {
                    for (int p = 0; p < k; p++) {
                        System.arraycopy(b, bOff + p * ldb + j0, packedB, base + p * nr, cols);
                    }
                }
                if (cols < nr) {
                    for (int p = 0; p < k; p++) {
                        java.util.Arrays.fill(packedB, base + p * nr + cols, base + (p + 1) * nr, 0f);
                    }
                }
            }
        }

        /** Tiles [from, to), numbered panel-major so consecutive tiles reuse one B panel. */
        void tiles(int from, int to, int worker) {
            for (int p0 = 0; p0 < k; p0 += kBlock) {
                int kc = Math.min(kBlock, k - p0);
                float betaHere = p0 == 0 ? beta : 1f; // later blocks add to what the first wrote
                for (int t = from; t < to; t++) {
                    tile(t / rowBlocks, t % rowBlocks, p0, kc, betaHere, worker);
                }
            }
        }

        void tile(int jp, int rb, int p0, int kc, float betaHere, int worker) {
            int i0 = rb * mr;
            int j0 = jp * nr;
            int rows = Math.min(mr, m - i0);
            int cols = Math.min(nr, n - j0);
            float[] bArr = b;
            int bAt = bOff + p0 * ldb + j0;
            int bStride = ldb;
            if (packed(jp)) {
                bArr = packedB;
                bAt = packedBase(jp) + p0 * nr;
                bStride = nr;
            }
            float[] aArr = a;
            int aAt = aOff + i0 * ars + p0 * acs;
            int aRowStride = ars;
            int aColStride = acs;
            if (rows < mr) {
                aArr = packEdgeRows(i0, rows, p0, kc, aEdge[worker]);
                aAt = 0;
                aRowStride = kc;
                aColStride = 1;
            }
            float[] acc = scratchTiles[worker];
            kernel.tile(kc, aArr, aAt, aRowStride, aColStride, bArr, bAt, bStride, acc);
            int cAt = cOff + i0 * n + j0;
            for (int i = 0; i < rows; i++) {
                kernel.update(alpha, betaHere, acc, i * nr, c, cAt + i * n, cols);
            }
        }

        /** The last, partial row block of op(A) for one inner block, padded with zero rows to mr. */
        float[] packEdgeRows(int i0, int rows, int p0, int kc, float[] dst) {
            java.util.Arrays.fill(dst, 0, mr * kc, 0f);
            for (int i = 0; i < rows; i++) {
                for (int p = 0; p < kc; p++) {
                    dst[i * kc + p] = a[aOff + (i0 + i) * ars + (p0 + p) * acs];
                }
            }
            return dst;
        }
    }
}
