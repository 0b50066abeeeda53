package org.mlpengine.cpu;

/**
 * {@code C = alpha op(A) op(B) + beta C}, cut into units that {@link WorkerPool} spreads over threads.
 * Each unit computes a block of C into the computing thread's scratch, which the pool then commits into C.
 *
 * <p>Two paths, by operand layout:
 * <ul>
 * <li><b>Dot tiles</b> for {@code A B^T} (both read along k, in place, no packing), where the kernel
 * supports them, k is at least {@link #DOT_MIN_K} and C has fewer than {@link #PACK_MIN_ROWS} rows (a
 * training step's forward pass): a unit is 8 rows of C by up to {@link #DOT_UNIT_COLS} columns, computed as
 * 4x4 dot tiles; a partial group of rows or columns repeats its last row (the extra results are dropped).
 * <li><b>Small products</b> (below {@code PARALLEL_MIN_FLOPS}, k within one block) on the caller, straight
 * into C (see {@link #multiplySmall}).
 * <li><b>Broadcast tiles</b> otherwise: C is cut into panels of {@code nr} columns (the last few
 * columns in narrow panels where the kernel has them), the inner dimension into blocks of at most
 * {@link #KC_MAX}; a unit is one panel by a group of row blocks. A is read in place through strides
 * (either transpose), except a partial last row block, which is copied with zero padding; B is read
 * in place when its rows are contiguous and C has few rows, else packed once per call into
 * zero-padded panels.
 * </ul>
 *
 * <p>Units are numbered along C's rows first (row group, then column range or panel; a tall C panel first),
 * and the pool hands the caller the lowest units and workers the highest: in the forward pass (X W^T) each
 * thread reads about half of X's rows (the half that a parallel gather wrote from that thread, or half the
 * DRAM traffic in an evaluation pass) instead of all of X, and in the update (W += D^T X, whole column
 * panels) each writes the same columns of W from one step to the next.
 *
 * <p>The blocking depends only on the shape, and units never split the inner dimension, so every
 * element is computed by the same sequence of roundings whatever the thread count. Nothing is
 * allocated per call once the scratch buffers have grown to the shapes in use.
 *
 * <p>An object holds one product at a time, and a worker that lost its core inside a unit may still be
 * reading it after the caller has finished the job: see {@link CpuBackend}'s choice of a BlockedGemm that no worker
 * holds.
 */
final class BlockedGemm implements WorkerPool.Units {
    /**
     * Inner-dimension block. Each extra block costs a pass over the tile to add it into C; up to
     * 1024 x 64 floats (256 KiB) of B stay in L2, which feeds 4 vector loads per 20 FMAs in time.
     */
    static final int KC_MAX = 1024;
    /** Below this many flops the caller computes alone: waking a worker costs about as much. */
    private static final long PARALLEL_MIN_FLOPS = 2_000_000;
    /** Work per unit: big enough to amortize claiming it, small enough that a late worker holds little. */
    private static final long UNIT_FLOPS = 300_000;
    /**
     * Rows of C per dot unit: two 4-row tiles share each group of B's rows, so that group comes from L2
     * once per 8 rows of A (8 rows of A and 4 of B, 37 KiB at k = 784, stay in L1).
     */
    private static final int DOT_ROWS = 8;
    /**
     * Dot tiles only from this inner dimension on: each tile ends with a 60-instruction reduction, which
     * a short k does not amortize: there, packing B^T for broadcast tiles is faster (cpu-backend/PERFORMANCE.md,
     * "Constants in the code").
     */
    private static final int DOT_MIN_K = 128;
    /** Columns of C per dot unit, about: the forward pass's 50 in two units, so 100 rows make 26 units. */
    private static final int DOT_UNIT_COLS = 32;
    /**
     * From this many rows of C on, B is packed even where it could be read in place, and A B^T takes broadcast
     * tiles on packed B^T instead of dot tiles: the copy is spread over enough rows, and the broadcast kernel
     * runs at a higher rate than the dot kernel even with 50 columns padded to 64. Below it, packing W^T on every
     * call costs what the faster kernel saves (measurements: cpu-backend/PERFORMANCE.md, "Constants in the code").
     */
    private static final int PACK_MIN_ROWS = 128;
    /**
     * A short C with at least this many panels (the weight gradient W += D^T X, m = hidden units) is cut into
     * whole panels rather than groups of rows by panels: then each thread reads only its columns of X, and
     * reads A (D^T, small) once per panel instead of once per row group and panel (measurements:
     * cpu-backend/PERFORMANCE.md, "Constants in the code").
     */
    private static final int FULL_PANEL_MIN = 8;
    /** Rows of C per broadcast unit at most: bounds the scratch at 256 x nr. */
    private static final int MAX_UNIT_ROWS = 256;
    /**
     * At most this many columns past a whole vector go to dot tiles instead of a padded vector (A B^T, from
     * {@link #DOT_MIN_K} on): the seed's 50 hidden units as a 5x48 tile plus two dot columns do 25 % fewer
     * fmas than a 5x64 tile, more than the dot tiles' own reductions cost (cpu-backend/PERFORMANCE.md,
     * "Constants in the code").
     */
    private static final int DOT_TAIL_MAX = 4;

    private final GemmKernel kernel;
    /** For the fused layer's bias and sigmoid. */
    private final ElementwiseKernel elementwise;
    private final WorkerPool pool;
    private final int mr;
    private final int nr;
    private final int narrow;
    /** Per thread: a unit's block of C. */
    private final float[][] unitScratch;
    /** Per thread: one kernel tile. */
    private final float[][] tiles;
    /** Per thread: the zero-padded ends of a dot tile's rows. */
    private final float[][] pads;
    /** Per thread: a partial row block of op(A). */
    private final float[][] aEdge;
    private float[] packedB = new float[0];

    // ---- the current call (one at a time: a backend is used by one thread)
    private float alpha;
    private float beta;
    private float[] a;
    private int aOff;
    private int ars;
    private int acs;
    private int lda;
    private float[] b;
    private int bOff;
    private int ldb;
    private float[] c;
    private int cOff;
    private int m;
    private int n;
    private int k;
    private boolean dot;
    private boolean transA;
    private boolean transB;
    private boolean packAll;
    /** With a bias: each unit's block becomes sigmoid(block + bias) before it is committed (a fused layer). */
    private float[] bias;
    private int biasOff;
    // dot path
    private int unitRows;
    private int colUnits;
    private int unitCols;
    // broadcast path
    private int fullPanels;
    private int tailWidth;
    private int panels;
    private int rowBlocks;
    private int blocksPerUnit;
    private int rowUnits;
    private int kBlock;
    /**
     * Columns at the end of C computed with dot tiles (0: none), by the units of the last panel, for the same
     * rows of A that they have just streamed; the panels cover the n - dotTail columns before them.
     */
    private int dotTail;

    BlockedGemm(KernelChoice kernels, WorkerPool pool) {
        this.kernel = kernels.gemm();
        this.elementwise = kernels.elementwise();
        this.pool = pool;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.narrow = kernel.narrow();
        int threads = pool.threads();
        unitScratch = new float[threads][0];
        tiles = new float[threads][Math.max(Math.max(mr * nr, 4 * mr * narrow), GemmKernel.DOT_LANES)];
        aEdge = new float[threads][mr * KC_MAX];
        pads = new float[threads][8 * GemmKernel.DOT_LANES];
    }

    /**
     * {@code C = sigmoid(A B^T + bias)}: the gemm, then in each unit its block's bias and sigmoid, by the
     * same float operations as {@code addBias} followed by {@code sigmoid}, so the result is the
     * unfused one bit for bit, with the element-wise pass spread over the threads and no second pass over C.
     */
    void multiplyBiasSigmoid(float[] a, int aOff, int aCols, float[] b, int bOff, int bCols, float[] bias, int biasOff,
                             float[] c, int cOff, int m, int n, int k) {
        this.bias = bias;
        this.biasOff = biasOff;
        try {
            multiply(false, true, 1f, a, aOff, aCols, b, bOff, bCols, 0f, c, cOff, m, n, k);
        } finally {
            this.bias = null;
        }
    }

    /** The fused epilogue on a unit's block in scratch: rows x cols at C's columns j0... */
    private void epilogue(float[] s, int rows, int cols, int j0) {
        if (bias == null) {
            return;
        }
        elementwise.addBias(s, 0, bias, biasOff + j0, s, 0, rows, cols);
        elementwise.sigmoid(s, 0, rows * cols);
    }

    /** Operands as (array, offset, rows, cols) of row-major storage; shapes already checked. */
    void multiply(boolean transA, boolean transB, float alpha,
                  float[] a, int aOff, int aCols, float[] b, int bOff, int bCols,
                  float beta, float[] c, int cOff, int m, int n, int k) {
        this.alpha = alpha;
        this.beta = beta;
        this.a = a;
        this.aOff = aOff;
        this.lda = aCols;
        this.ars = transA ? 1 : aCols;
        this.acs = transA ? aCols : 1;
        this.b = b;
        this.bOff = bOff;
        this.ldb = bCols;
        this.c = c;
        this.cOff = cOff;
        this.m = m;
        this.n = n;
        this.k = k;
        this.dot = !transA && transB && kernel.dots() && k >= DOT_MIN_K && m < PACK_MIN_ROWS;
        this.transA = transA;
        this.transB = transB;
        // B^T always needs packing; B too when many row blocks reuse each panel: then the copy costs
        // little, and it spares reading rows at a power-of-two stride (1024 floats), which thrashes L1
        this.packAll = (transB && !dot) || m >= PACK_MIN_ROWS;
        long flops = 2L * m * n * k;
        if (!dot && flops < PARALLEL_MIN_FLOPS && k <= KC_MAX) {
            multiplySmall();
        } else {
            int count = dot ? planDot() : planBroadcast();
            if (flops < PARALLEL_MIN_FLOPS || pool.threads() == 1) {
                for (int u = 0; u < count; u++) {
                    compute(u, 0);
                    commit(u, 0);
                }
            } else {
                pool.run(count, this);
            }
        }
        if (!pool.held(this)) { // else a late worker still reads them; they go with this object's next product
            this.a = null;
            this.b = null;
            this.c = null;
        }
    }

    @Override
    public void compute(int unit, int worker) {
        if (dot) {
            computeDot(unit, worker);
        } else {
            computeBroadcast(unit, worker);
        }
    }

    @Override
    public void commit(int unit, int worker) {
        int i0;
        int j0;
        int rows;
        int cols;
        if (dot) {
            i0 = unit / colUnits * unitRows;
            j0 = unit % colUnits * unitCols;
            rows = Math.min(unitRows, m - i0);
            cols = Math.min(unitCols, n - j0);
        } else {
            int jp = unitPanel(unit);
            i0 = unitRowGroup(unit) * blocksPerUnit * mr;
            j0 = panelStart(jp);
            rows = Math.min(blocksPerUnit * mr, m - i0);
            cols = unitCols(jp, j0);
        }
        float[] s = unitScratch[worker];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(s, i * cols, c, cOff + (i0 + i) * n + j0, cols);
        }
    }

    private float[] scratch(int worker, int size) {
        float[] s = unitScratch[worker];
        if (s.length < size) {
            s = new float[size];
            unitScratch[worker] = s;
        }
        return s;
    }

    // ---------------------------------------------------------------- small products, straight into C

    /**
     * A product too small to share (the output layer's, the hidden delta's): the caller computes C in
     * narrow tiles ({@code mr} rows by one vector of columns) and updates C in place, with no scratch, no
     * commit and no panel bookkeeping, which at these sizes cost more than the arithmetic. Where n is not a
     * multiple of the vector, the last tile overlaps the one before it and only its new columns are
     * written. Each element is the same fma chain over the whole inner dimension (k is within one block)
     * as on the broadcast path, so the bits do not change with the path taken.
     */
    private void multiplySmall() {
        int w = narrow;
        float[] bArr = b;
        int bAt = bOff;
        int bStride = ldb;
        int width = n;
        if (transB || n < w) { // rows of op(B) must hold at least one vector: pack B^T, or pad a narrow B with zeros
            width = Math.max(n, w);
            int at = CpuMemory.ALIGN_PAD;
            if (packedB.length < at + k * width) {
                packedB = new float[at + k * width];
            }
            packPanel(0, n, width, at);
            bArr = packedB;
            bAt = at;
            bStride = width;
        }
        float[] acc = tiles[0];
        for (int i0 = 0; i0 < m; i0 += mr) {
            int rows = Math.min(mr, m - i0);
            float[] aArr = a;
            int aAt = aOff + i0 * ars;
            int aRowStride = ars;
            int aColStride = acs;
            if (rows < mr) {
                aArr = packEdgeRows(i0, rows, 0, k, aEdge[0]);
                aAt = 0;
                aRowStride = k;
                aColStride = 1;
            }
            int cRow = cOff + i0 * n;
            for (int g = 0; g < n; g += 4 * w) { // up to four vectors of columns per pass over p
                int last = width - w; // a tile's columns end at op(B)'s last column at the latest
                if (n - g <= w) {
                    int jLoad = Math.min(g, last);
                    kernel.tile(w, k, aArr, aAt, aRowStride, aColStride, bArr, bAt + jLoad, bStride, acc);
                    storeSmall(acc, rows, cRow, g, jLoad);
                    continue;
                }
                int j1 = Math.min(g + w, last);
                int j2 = Math.min(g + 2 * w, last);
                int j3 = Math.min(g + 3 * w, last);
                kernel.quadTile(k, aArr, aAt, aRowStride, aColStride, bArr, bAt, bStride, g, j1, j2, j3, acc);
                kernel.updateQuad(alpha, beta, acc, c, cRow, n, rows, g, j1, j2, j3);
            }
            if (bias != null && n >= w) { // while the block is in L1
                elementwise.addBias(c, cRow, bias, biasOff, c, cRow, rows, n);
                elementwise.sigmoid(c, cRow, rows * n);
            }
        }
        if (bias != null && n < w) { // rows shorter than a vector: the sigmoid in whole vectors over all of C
            elementwise.addBias(c, cOff, bias, biasOff, c, cOff, m, n);
            elementwise.sigmoid(c, cOff, m * n);
        }
    }

    /**
     * Updates C's columns j.. (one vector's worth, or what is left of the row) from a narrow tile computed
     * at column jq <= j: column j + t is lane j - jq + t of each tile row.
     */
    private void storeSmall(float[] acc, int rows, int cRow, int j, int jq) {
        int count = Math.min(narrow, n - j);
        kernel.updateRows(alpha, beta, acc, j - jq, narrow, c, cRow + j, n, rows, count);
    }

    // ---------------------------------------------------------------- dot tiles: A B^T

    private int planDot() {
        unitRows = DOT_ROWS;
        int ranges = (n + DOT_UNIT_COLS - 1) / DOT_UNIT_COLS;
        while ((long) ((m + unitRows - 1) / unitRows) * ranges > WorkerPool.MAX_UNITS) { // huge shapes only
            if (ranges > 1) {
                ranges = (ranges + 1) / 2;
            } else {
                unitRows *= 2;
            }
        }
        int rowUnitsHere = (m + unitRows - 1) / unitRows;
        unitCols = ((n + ranges - 1) / ranges + 3) & ~3; // whole 4-column tiles, except at the end
        colUnits = (n + unitCols - 1) / unitCols;
        return rowUnitsHere * colUnits;
    }

    private void computeDot(int unit, int worker) {
        int i0 = unit / colUnits * unitRows;
        int j0 = unit % colUnits * unitCols;
        int rows = Math.min(unitRows, m - i0);
        int cols = Math.min(unitCols, n - j0);
        float[] s = scratch(worker, rows * cols);
        for (int j = j0; j < j0 + cols; j += 4) {
            dotColumns(i0, rows, j, Math.min(4, j0 + cols - j), s, j - j0, cols, worker);
        }
        epilogue(s, rows, cols, j0);
    }

    /**
     * Rows i0..i0+rows of C's columns j..j+width (width at most 4) in 4x4 dot tiles, into s at sAt (row stride
     * sStride); a partial group repeats its last row or column, whose extra results are dropped.
     */
    private void dotColumns(int i0, int rows, int j, int width, float[] s, int sAt, int sStride, int worker) {
        int last = j + width - 1;
        int w0 = bOff + j * ldb;
        int w1 = bOff + Math.min(j + 1, last) * ldb;
        int w2 = bOff + Math.min(j + 2, last) * ldb;
        int w3 = bOff + Math.min(j + 3, last) * ldb;
        for (int i = i0; i < i0 + rows; i += 4) { // these tiles share B's rows w0..w3, now in L1
            dotTile(i, Math.min(4, i0 + rows - i), j, width, w0, w1, w2, w3, s, sAt + (i - i0) * sStride, sStride,
                    worker);
        }
    }

    /** One 4x4 dot tile at rows i.., columns j.. of C (rows x width valid), into the unit's scratch at sAt. */
    private void dotTile(int i, int rows, int j, int width, int w0, int w1, int w2, int w3, float[] s, int sAt,
                         int sStride, int worker) {
        int last = i + rows - 1;
        int r0 = aOff + i * lda;
        int r1 = aOff + Math.min(i + 1, last) * lda;
        int r2 = aOff + Math.min(i + 2, last) * lda;
        int r3 = aOff + Math.min(i + 3, last) * lda;
        float[] out = tiles[worker];
        kernel.dotTile(k, a, r0, r1, r2, r3, b, w0, w1, w2, w3, out, pads[worker]);
        for (int r = 0; r < rows; r++) {
            kernel.update(alpha, beta, out, 4 * r, c, cOff + (i + r) * n + j, s, sAt + r * sStride, width);
        }
    }

    // ---------------------------------------------------------------- broadcast tiles

    private int planBroadcast() {
        int over = n % narrow;
        boolean dotsFit = transB && !transA && kernel.dots() && k >= DOT_MIN_K && n > narrow;
        dotTail = dotsFit && over <= DOT_TAIL_MAX ? over : 0;
        int vectorCols = n - dotTail;
        fullPanels = vectorCols / nr;
        int rem = vectorCols - fullPanels * nr;
        int tailPanels;
        if (rem == 0) {
            tailWidth = nr;
            tailPanels = 0;
        } else if (narrow < nr && rem <= 2 * narrow) {
            tailWidth = narrow;
            tailPanels = (rem + narrow - 1) / narrow;
        } else if (narrow < nr && rem <= 3 * narrow) {
            tailWidth = 3 * narrow;
            tailPanels = 1;
        } else {
            tailWidth = nr;
            tailPanels = 1;
        }
        panels = fullPanels + tailPanels;
        rowBlocks = (m + mr - 1) / mr;
        int kBlocks = (k + KC_MAX - 1) / KC_MAX;
        kBlock = (k + kBlocks - 1) / kBlocks;
        long blockFlops = 2L * mr * nr * k;
        blocksPerUnit = (int) Math.max(1, Math.min(Math.min(UNIT_FLOPS / blockFlops, MAX_UNIT_ROWS / mr), rowBlocks));
        if (m < PACK_MIN_ROWS && panels >= FULL_PANEL_MIN && rowBlocks * mr <= MAX_UNIT_ROWS) {
            blocksPerUnit = rowBlocks; // whole panels: each thread reads only its columns of B and writes its columns of C
        }
        if (dotTail > 0) {
            blocksPerUnit = (blocksPerUnit + 3) & ~3; // whole 4-row dot tiles: 4 row blocks of 5 are 5 dot tiles
        }
        rowUnits = (rowBlocks + blocksPerUnit - 1) / blocksPerUnit;
        while ((long) rowUnits * panels > WorkerPool.MAX_UNITS) {
            blocksPerUnit *= 2;
            rowUnits = (rowBlocks + blocksPerUnit - 1) / blocksPerUnit;
        }
        packB();
        return rowUnits * panels;
    }

    /** Columns of C a unit of panel jp (starting at column j0) computes: the panel's, and the last one the dot tail. */
    private int unitCols(int jp, int j0) {
        int cols = Math.min(panelWidth(jp), n - j0);
        return jp == panels - 1 ? cols + dotTail : cols;
    }

    private int panelStart(int jp) {
        return jp < fullPanels ? jp * nr : fullPanels * nr + (jp - fullPanels) * tailWidth;
    }

    private int panelWidth(int jp) {
        return jp < fullPanels ? nr : tailWidth;
    }

    /** Whether panel jp is read from the packed copy: all panels, or only a partial last panel. */
    private boolean packed(int jp) {
        return packAll || (jp == panels - 1 && n - panelStart(jp) < panelWidth(jp));
    }

    /** Where panel jp starts in the packed copy (after the padding that puts the copy on a cache line). */
    private int packedBase(int jp) {
        return CpuMemory.ALIGN_PAD + (packAll ? panelStart(jp) * k : 0);
    }

    /** Copies op(B)'s panels that cannot be read in place into zero-padded k x width blocks. */
    private void packB() {
        int first = packAll ? 0 : panels - 1;
        if (!packed(first)) {
            return;
        }
        int need = packedBase(panels - 1) + panelWidth(panels - 1) * k;
        if (packedB.length < need) {
            packedB = new float[need];
        }
        for (int jp = first; jp < panels; jp++) {
            int j0 = panelStart(jp);
            int width = panelWidth(jp);
            packPanel(j0, Math.min(width, n - j0), width, packedBase(jp));
        }
    }

    /** Columns j0..j0+cols of op(B) as a k x width block at packedB[base], zero-padded to width. */
    private void packPanel(int j0, int cols, int width, int base) {
        if (transB) {
            kernel.packTransposed(b, bOff + j0 * ldb, ldb, cols, k, packedB, base, width);
        } else {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * ldb + j0, packedB, base + p * width, cols);
            }
        }
        if (cols < width) {
            for (int p = 0; p < k; p++) {
                java.util.Arrays.fill(packedB, base + p * width + cols, base + (p + 1) * width, 0f);
            }
        }
    }

    /**
     * A tall C (from {@link #PACK_MIN_ROWS} rows) numbers its units panel first, so that each thread runs
     * down one panel of B, which stays in its L2, while A streams; with rows first, every unit would
     * stream all of packed B (4 MiB at 1024^3) through L2 for one group of rows.
     */
    private boolean panelMajor() {
        return m >= PACK_MIN_ROWS;
    }

    private int unitPanel(int unit) {
        return panelMajor() ? unit / rowUnits : unit % panels;
    }

    private int unitRowGroup(int unit) {
        return panelMajor() ? unit % rowUnits : unit / panels;
    }

    private void computeBroadcast(int unit, int worker) {
        int jp = unitPanel(unit);
        int rb0 = unitRowGroup(unit) * blocksPerUnit;
        int rb1 = Math.min(rb0 + blocksPerUnit, rowBlocks);
        int i0 = rb0 * mr;
        int rowsHere = Math.min(rb1 * mr, m) - i0;
        int j0 = panelStart(jp);
        int width = panelWidth(jp);
        int cols = Math.min(width, n - j0);
        int stride = unitCols(jp, j0);
        float[] s = scratch(worker, rowsHere * stride);
        float[] acc = tiles[worker];
        for (int p0 = 0; p0 < k; p0 += kBlock) {
            int kc = Math.min(kBlock, k - p0);
            for (int rb = rb0; rb < rb1; rb++) {
                int ti = rb * mr;
                int rows = Math.min(mr, m - ti);
                tile(jp, width, ti, rows, p0, kc, worker, acc);
                for (int i = 0; i < rows; i++) {
                    int sAt = (ti - i0 + i) * stride;
                    if (p0 == 0) {
                        kernel.update(alpha, beta, acc, i * width, c, cOff + (ti + i) * n + j0, s, sAt, cols);
                    } else { // later blocks add to what the first wrote
                        kernel.update(alpha, 1f, acc, i * width, s, sAt, s, sAt, cols);
                    }
                }
            }
        }
        if (stride > cols) {
            dotColumns(i0, rowsHere, n - dotTail, dotTail, s, cols, stride, worker);
        }
        epilogue(s, rowsHere, stride, j0);
    }

    private void tile(int jp, int width, int i0, int rows, int p0, int kc, int worker, float[] acc) {
        float[] bArr = b;
        int bAt = bOff + p0 * ldb + panelStart(jp);
        int bStride = ldb;
        if (packed(jp)) {
            bArr = packedB;
            bAt = packedBase(jp) + p0 * width;
            bStride = width;
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
        kernel.tile(width, kc, aArr, aAt, aRowStride, aColStride, bArr, bAt, bStride, acc);
    }

    /** The last, partial row block of op(A) for one inner block, padded with zero rows to mr. */
    private float[] packEdgeRows(int i0, int rows, int p0, int kc, float[] dst) {
        java.util.Arrays.fill(dst, 0, mr * kc, 0f);
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < kc; p++) {
                dst[i * kc + p] = a[aOff + (i0 + i) * ars + (p0 + p) * acs];
            }
        }
        return dst;
    }
}
