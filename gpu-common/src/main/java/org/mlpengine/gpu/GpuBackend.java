package org.mlpengine.gpu;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Bytes;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.backend.Resources;
import org.mlpengine.core.backend.Shapes;
import org.mlpengine.kernels.Kernel;
import org.mlpengine.kernels.KernelConstants;

/**
 * The SPI on a GPU, written once over a {@link GpuDriver}: ownership and shape checks (with {@link Shapes}' words),
 * views and offsets, empty shapes, launch geometry (row chunks past the device's grid limit), argument packing
 * against {@link Kernel}'s signatures, the fused ops (one launch each), and memory bookkeeping. The OpenCL and CUDA
 * backends are this class over their drivers.
 *
 * <p>Every op is one kernel launch (a GEMM taller than the grid allows, one per row chunk); {@link #launches()}
 * counts them, so a training step's count can be checked (7 with the fused ops). Fills and copies are not launches.
 */
public final class GpuBackend implements Backend {
    private final GpuDriver driver;
    private final GpuLimits limits;
    private final int tile;
    private final int rowsPerPass;
    private final LibraryGemm libraryGemm;
    /** Reused for every launch: a backend is used by one thread at a time (SPI contract). */
    private final KernelArgs args = new KernelArgs();
    private final Set<GpuBuffer> live = new LinkedHashSet<>();
    private long liveBytes;
    private long launches;
    private boolean closed;

    /** Takes ownership of {@code driver}: closing the backend closes it. */
    public GpuBackend(GpuDriver driver) {
        this(driver, driver.limits());
    }

    /** As {@link #GpuBackend(GpuDriver)} with other limits (tests force row chunks and small memories this way). */
    public GpuBackend(GpuDriver driver, GpuLimits limits) {
        this.driver = driver;
        this.limits = limits;
        this.tile = limits.constants().gemmTile();
        this.rowsPerPass = limits.constants().gemmRowsPerPass();
        this.libraryGemm = driver.libraryGemm();
    }

    @Override
    public String name() {
        return driver.name();
    }

    @Override
    public DeviceInfo device() {
        return driver.info();
    }

    /** Kernel launches (a library GEMM counts as one) enqueued since open. */
    public long launches() {
        return launches;
    }

    /** Bytes held by live matrices and int vectors. */
    public long liveBytes() {
        return liveBytes;
    }

    /** Device allocations still held (views excluded). */
    public int liveAllocations() {
        return live.size();
    }

    /** The GEMM tile this backend's kernels were built with. */
    public int gemmTile() {
        return tile;
    }

    /** True when plain GEMMs go to the driver's vendor library. */
    public boolean usesLibraryGemm() {
        return libraryGemm != null;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public DeviceMatrix allocate(int rows, int cols) {
        open();
        Shapes.dims(rows, cols);
        return new GpuMatrix(this, allocateBuffer((long) rows * cols, "a " + rows + "x" + cols + " matrix"), 0, rows,
                cols, true);
    }

    @Override
    public DeviceInts allocateInts(int length) {
        open();
        Shapes.dims(1, length);
        return new GpuInts(this, allocateBuffer(length, length + " ints"), 0, length, true);
    }

    private GpuBuffer allocateBuffer(long elements, String what) {
        // Kernels index within one matrix with 32-bit ints.
        if (elements > Integer.MAX_VALUE) {
            throw new BackendException(name() + ": cannot allocate " + what + ": " + elements
                    + " elements, the kernels index at most " + Integer.MAX_VALUE + " per matrix");
        }
        long bytes = elements * 4;
        long free = limits.memoryBytes() - liveBytes;
        if (bytes > free || bytes > limits.maxBufferBytes()) {
            throw new BackendException(String.format(Locale.ROOT,
                    "%s: cannot allocate %s for %s on %s: %s of %s device memory available to this backend,"
                            + " at most %s per buffer", name(), Bytes.human(bytes), what, device().name(), Bytes.human(Math.max(0, free)),
                    Bytes.human(limits.memoryBytes()), Bytes.human(limits.maxBufferBytes())));
        }
        GpuBuffer b = driver.allocate(bytes, what);
        live.add(b);
        liveBytes += bytes;
        return b;
    }

    /** Frees {@code b} unless it was already freed (by its owner or by close). */
    void release(GpuBuffer b) {
        if (!closed && live.remove(b)) {
            liveBytes -= b.bytes();
            try {
                driver.free(b);
            } finally {
                b.markReleased();
            }
        }
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceMatrix dst) {
        GpuMatrix d = m(dst);
        Shapes.hostRange("upload", src.length, srcOffset, d.size());
        if (d.size() > 0) {
            driver.write(d.buffer(), d.offset(), src, srcOffset, (int) d.size());
        }
    }

    @Override
    public void download(DeviceMatrix src, float[] dst, int dstOffset) {
        GpuMatrix s = m(src);
        Shapes.hostRange("download", dst.length, dstOffset, s.size());
        if (s.size() > 0) {
            driver.read(s.buffer(), s.offset(), dst, dstOffset, (int) s.size());
        }
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceInts dst) {
        GpuInts d = v(dst);
        Shapes.hostRange("upload", src.length, srcOffset, d.length());
        if (d.length() > 0) {
            driver.write(d.buffer(), d.offset(), src, srcOffset, d.length());
        }
    }

    @Override
    public void download(DeviceInts src, int[] dst, int dstOffset) {
        GpuInts s = v(src);
        Shapes.hostRange("download", dst.length, dstOffset, s.length());
        if (s.length() > 0) {
            driver.read(s.buffer(), s.offset(), dst, dstOffset, s.length());
        }
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        GpuMatrix x = m(m);
        if (x.size() > 0) {
            driver.fill(x.buffer(), x.offset(), x.size(), Float.floatToRawIntBits(value));
        }
    }

    @Override
    public void synchronize() {
        open();
        driver.synchronize();
    }

    // ---------------------------------------------------------------- ops

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta, DeviceMatrix c) {
        GpuMatrix ma = m(a);
        GpuMatrix mb = m(b);
        GpuMatrix mc = m(c);
        Shapes.gemm(transA, transB, a, b, c);
        if (mc.overlaps(ma) || mc.overlaps(mb)) {
            throw new IllegalArgumentException("gemm: C must not alias A or B");
        }
        int m = c.rows();
        int n = c.cols();
        if (m == 0) {
            return;
        }
        if (libraryGemm != null) {
            libraryGemm.gemm(transA, transB, alpha, ma, mb, beta, mc);
            launches++;
            return;
        }
        int k = transA ? a.rows() : a.cols();
        Kernel kernel = Kernel.gemm(transA, transB);
        int chunk = chunkRows();
        for (int r0 = 0; r0 < m; r0 += chunk) {
            int rows = Math.min(chunk, m - r0);
            // Rows r0.. of op(A): rows of A, or columns of A when it is transposed.
            long aShift = transA ? r0 : (long) r0 * a.cols();
            args.start(kernel).i(rows).i(n).i(k).f(alpha).m(ma, aShift).i(a.cols()).m(mb).i(b.cols())
                    .f(beta).m(mc, (long) r0 * n).i(n);
            launchGemm(kernel, rows, n);
        }
    }

    @Override
    public void biasSigmoid(DeviceMatrix z, DeviceMatrix bias, DeviceMatrix out) {
        GpuMatrix mz = m(z);
        GpuMatrix mb = m(bias);
        GpuMatrix mo = m(out);
        Shapes.same("biasSigmoid", z, out);
        Shapes.row("biasSigmoid", bias, z.cols());
        if (z.size() > 0) {
            launchElements(args.start(Kernel.BIAS_SIGMOID).i(z.rows()).i(z.cols()).m(mz).m(mb).m(mo), z.size());
        }
    }

    @Override
    public void sigmoidBackward(DeviceMatrix delta, DeviceMatrix a, DeviceMatrix out) {
        GpuMatrix md = m(delta);
        GpuMatrix ma = m(a);
        GpuMatrix mo = m(out);
        Shapes.same("sigmoidBackward", delta, a);
        Shapes.same("sigmoidBackward", delta, out);
        if (delta.size() > 0) {
            launchElements(args.start(Kernel.SIGMOID_BACKWARD).i((int) delta.size()).m(md).m(ma).m(mo), delta.size());
        }
    }

    @Override
    public void mseOutputDelta(DeviceMatrix a, DeviceInts labels, DeviceMatrix out) {
        GpuMatrix ma = m(a);
        GpuInts ml = v(labels);
        GpuMatrix mo = m(out);
        Shapes.same("mseOutputDelta", a, out);
        Shapes.length("mseOutputDelta", labels, a.rows());
        if (a.size() > 0) {
            launchElements(args.start(Kernel.MSE_OUTPUT_DELTA).i(a.rows()).i(a.cols()).m(ma).v(ml).m(mo), a.size());
        }
    }

    @Override
    public void columnSums(float alpha, DeviceMatrix a, float beta, DeviceMatrix out) {
        GpuMatrix ma = m(a);
        GpuMatrix mo = m(out);
        Shapes.row("columnSums", out, a.cols());
        // Zero rows still launch: out = beta * out.
        int width = KernelConstants.COLUMN_SUMS_WIDTH;
        args.start(Kernel.COLUMN_SUMS).i(a.rows()).i(a.cols()).f(alpha).m(ma).f(beta).m(mo);
        launch(Kernel.COLUMN_SUMS, blocks(a.cols(), width), 1, width, limits.blockSize() / width);
    }

    @Override
    public void rowArgmax(DeviceMatrix a, DeviceInts out) {
        GpuMatrix ma = m(a);
        GpuInts mo = v(out);
        Shapes.length("rowArgmax", out, a.rows());
        if (a.rows() > 0) {
            launchElements(args.start(Kernel.ROW_ARGMAX).i(a.rows()).i(a.cols()).m(ma).v(mo), a.rows());
        }
    }

    @Override
    public void accumulateMetrics(DeviceMatrix a, DeviceInts labels, DeviceMatrix metrics) {
        GpuMatrix ma = m(a);
        GpuInts ml = v(labels);
        GpuMatrix mm = m(metrics);
        Shapes.length("accumulateMetrics", labels, a.rows());
        Shapes.row("accumulateMetrics", metrics, 2);
        if (a.rows() > 0) {
            // One block sums everything in a fixed order, so results are reproducible.
            args.start(Kernel.ACCUMULATE_METRICS).i(a.rows()).i(a.cols()).m(ma).v(ml).m(mm);
            launch(Kernel.ACCUMULATE_METRICS, 1, 1, limits.blockSize(), 1);
        }
    }

    @Override
    public void gatherRows(DeviceMatrix src, DeviceInts indices, DeviceMatrix dst) {
        GpuMatrix ms = m(src);
        GpuInts mi = v(indices);
        GpuMatrix md = m(dst);
        Shapes.length("gatherRows", indices, dst.rows());
        if (src.cols() != dst.cols()) {
            throw new IllegalArgumentException("gatherRows: column counts differ: src " + src.shape() + " vs dst " + dst.shape());
        }
        if (dst.size() > 0) {
            launchElements(args.start(Kernel.GATHER_ROWS).i(dst.rows()).i(dst.cols()).m(ms).i(src.rows()).v(mi).m(md),
                    dst.size());
        }
    }

    @Override
    public void gatherInts(DeviceInts src, DeviceInts indices, DeviceInts dst) {
        GpuInts ms = v(src);
        GpuInts mi = v(indices);
        GpuInts md = v(dst);
        Shapes.length("gatherInts", indices, dst.length());
        if (dst.length() > 0) {
            launchElements(args.start(Kernel.GATHER_INTS).i(dst.length()).v(ms).i(src.length()).v(mi).v(md), dst.length());
        }
    }

    // ---------------------------------------------------------------- fused ops: one launch each

    @Override
    public void linearSigmoid(DeviceMatrix x, DeviceMatrix w, DeviceMatrix bias, DeviceMatrix out) {
        GpuMatrix mx = m(x);
        GpuMatrix mw = m(w);
        GpuMatrix mb = m(bias);
        GpuMatrix mo = m(out);
        Shapes.linearSigmoid(x, w, bias, out);
        disjoint("linearSigmoid", mo, mx, mw, mb);
        int m = out.rows();
        int n = out.cols();
        int chunk = chunkRows();
        for (int r0 = 0; r0 < m; r0 += chunk) {
            int rows = Math.min(chunk, m - r0);
            args.start(Kernel.LINEAR_SIGMOID).i(rows).i(n).i(x.cols()).m(mx, (long) r0 * x.cols()).i(x.cols())
                    .m(mw).i(w.cols()).m(mb).m(mo, (long) r0 * n).i(n);
            launchGemm(Kernel.LINEAR_SIGMOID, rows, n);
        }
    }

    @Override
    public void backpropSigmoid(DeviceMatrix delta, DeviceMatrix w, DeviceMatrix a, DeviceMatrix out) {
        GpuMatrix md = m(delta);
        GpuMatrix mw = m(w);
        GpuMatrix ma = m(a);
        GpuMatrix mo = m(out);
        Shapes.backpropSigmoid(delta, w, a, out);
        disjoint("backpropSigmoid", mo, md, mw, ma);
        int m = out.rows();
        int n = out.cols();
        int chunk = chunkRows();
        for (int r0 = 0; r0 < m; r0 += chunk) {
            int rows = Math.min(chunk, m - r0);
            args.start(Kernel.BACKPROP_SIGMOID).i(rows).i(n).i(delta.cols()).m(md, (long) r0 * delta.cols())
                    .i(delta.cols()).m(mw).i(w.cols()).m(ma, (long) r0 * a.cols()).i(a.cols()).m(mo, (long) r0 * n).i(n);
            launchGemm(Kernel.BACKPROP_SIGMOID, rows, n);
        }
    }

    /** One launch: the GEMM's blocks update w, one extra column of blocks sums the bias gradient (fixed order). */
    @Override
    public void sgdUpdate(float learningRate, DeviceMatrix delta, DeviceMatrix input, DeviceMatrix w, DeviceMatrix bias) {
        GpuMatrix md = m(delta);
        GpuMatrix mi = m(input);
        GpuMatrix mw = m(w);
        GpuMatrix mb = m(bias);
        Shapes.sgdUpdate(delta, input, w, bias);
        disjoint("sgdUpdate", mw, md, mi, mb);
        disjoint("sgdUpdate", mb, md, mi);
        int m = w.rows();
        int n = w.cols();
        int chunk = chunkRows();
        for (int r0 = 0; r0 < m; r0 += chunk) {
            int rows = Math.min(chunk, m - r0);
            // Rows r0.. of w are columns r0.. of delta and entries r0.. of the bias.
            args.start(Kernel.SGD_UPDATE).i(rows).i(n).i(delta.rows()).f(-learningRate).m(md, r0).i(delta.cols())
                    .m(mi).i(input.cols()).m(mw, (long) r0 * n).i(n).m(mb, r0);
            launchGemm(Kernel.SGD_UPDATE, rows, n);
        }
    }

    @Override
    public void gatherBatch(DeviceMatrix srcX, DeviceInts srcY, DeviceInts indices, DeviceMatrix dstX, DeviceInts dstY) {
        GpuMatrix msx = m(srcX);
        GpuInts msy = v(srcY);
        GpuInts mi = v(indices);
        GpuMatrix mdx = m(dstX);
        GpuInts mdy = v(dstY);
        Shapes.gatherBatch(srcX, indices, dstX, dstY);
        disjoint("gatherBatch", mdx, msx);
        if (mdy.overlaps(msy) || mdy.overlaps(mi)) {
            throw new IllegalArgumentException("gatherBatch: dstY must not overlap srcY or indices");
        }
        if (dstX.size() > 0) {
            launchElements(args.start(Kernel.GATHER_BATCH).i(dstX.rows()).i(dstX.cols()).m(msx).i(srcX.rows())
                    .v(msy).i(srcY.length()).v(mi).m(mdx).v(mdy), dstX.size());
        }
    }

    // ---------------------------------------------------------------- launch geometry

    /** Rows of output one GEMM-shaped launch may cover: the grid's y limit times the tile. */
    private int chunkRows() {
        return (int) Math.min(Integer.MAX_VALUE / 2, limits.maxGroupsY() * tile);
    }

    /** A GEMM-shaped launch over a {@code rows x cols} output (rows within {@link #chunkRows()}). */
    private void launchGemm(Kernel kernel, int rows, int cols) {
        int extra = kernel.launch() == Kernel.Launch.GEMM_AND_BIAS_COLUMN ? 1 : 0;
        launch(kernel, blocks(cols, tile) + extra, blocks(rows, tile), tile, rowsPerPass);
    }

    /** One work-item per element of {@code n}. */
    private void launchElements(KernelArgs packed, long n) {
        int block = limits.blockSize();
        launch(packed.kernel(), blocks(n, block), 1, block, 1);
    }

    private void launch(Kernel kernel, long groupsX, long groupsY, int localX, int localY) {
        if (groupsX > limits.maxGroupsX() || groupsY > limits.maxGroupsY()) {
            throw new BackendException(name() + ": " + kernel.symbol() + " needs " + groupsX + " x " + groupsY
                    + " blocks, the device allows " + limits.maxGroupsX() + " x " + limits.maxGroupsY());
        }
        args.checkComplete();
        driver.launch(kernel, args, (int) groupsX, (int) groupsY, localX, localY);
        launches++;
    }

    static int blocks(long n, int per) {
        return (int) ((n + per - 1) / per);
    }

    // ---------------------------------------------------------------- checks

    /**
     * The fused kernels read their inputs while they write: the output must not share memory with any input.
     * Fixed arities, not varargs: an op must not allocate an array per call.
     */
    private static void disjoint(String op, GpuMatrix out, GpuMatrix in1, GpuMatrix in2, GpuMatrix in3) {
        disjoint(op, out, in1, in2);
        disjoint(op, out, in3);
    }

    private static void disjoint(String op, GpuMatrix out, GpuMatrix in1, GpuMatrix in2) {
        disjoint(op, out, in1);
        disjoint(op, out, in2);
    }

    private static void disjoint(String op, GpuMatrix out, GpuMatrix in) {
        if (out.overlaps(in)) {
            throw new IllegalArgumentException(op + ": output " + out.shape() + " overlaps input " + in.shape());
        }
    }

    static boolean overlaps(GpuBuffer b1, long off1, long n1, GpuBuffer b2, long off2, long n2) {
        return b1 == b2 && off1 < off2 + n2 && off2 < off1 + n1;
    }

    private GpuMatrix m(DeviceMatrix x) {
        open();
        if (!(x instanceof GpuMatrix gm) || gm.backend != this) {
            throw new IllegalArgumentException(name() + " backend given a matrix it did not allocate: " + x);
        }
        return gm;
    }

    private GpuInts v(DeviceInts x) {
        open();
        if (!(x instanceof GpuInts gi) || gi.backend != this) {
            throw new IllegalArgumentException(name() + " backend given an int vector it did not allocate: " + x);
        }
        return gi;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException(name() + " backend is closed");
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Waits for enqueued work, frees every buffer still held, closes the vendor GEMM and the driver. Keeps going
     * after a failure and throws the first one, with the later ones attached as suppressed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<AutoCloseable> steps = new ArrayList<>();
        steps.add(driver::synchronize);
        for (GpuBuffer b : live) {
            steps.add(() -> release(b));
        }
        steps.add(() -> closed = true);
        steps.add(libraryGemm);
        steps.add(driver);
        Resources.closeAll(steps.toArray(AutoCloseable[]::new));
    }
}
