package org.mlpengine.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.backend.Shapes;
import org.mlpengine.kernels.Dialect;
import org.mlpengine.kernels.KernelSources;

/** The SPI on one OpenCL device: one context, one in-order queue, one program built at open. */
final class OpenClBackend implements Backend {
    private final DeviceInfo info;
    private final OpenClContext ctx;
    private final OpenClProgram program;
    private final OpenClBuffers buffers;
    /** Reused for every launch: a backend is used by one thread at a time (SPI contract). */
    private final OpenClLaunch launcher;
    private final int gemmTile;
    /** Work-items per group of the 1-D kernels and of the reductions (a power of two). */
    private final int groupSize;
    /** Kernels enqueued since open (fills included: they are kernels here). */
    private long launches;
    private boolean closed;

    OpenClBackend(OpenClDevice device, int index) {
        this(device, index, KernelSources.source(Dialect.OPENCL));
    }

    /** Opens {@code device} with the given kernel source (tests pass broken sources through here). */
    OpenClBackend(OpenClDevice device, int index, String source) {
        this.info = device.info(index);
        this.gemmTile = gemmTileFor(device);
        OpenClContext c = new OpenClContext(device);
        OpenClProgram p = null;
        try {
            p = new OpenClProgram(c, source, "-cl-std=CL1.2 -DGEMM_TILE=" + gemmTile, KernelSources.KERNEL_NAMES);
            this.groupSize = groupSizeFor(device, p);
        } catch (RuntimeException e) {
            if (p != null) {
                p.close();
            }
            c.close();
            throw e;
        }
        this.ctx = c;
        this.program = p;
        this.buffers = new OpenClBuffers(c);
        this.launcher = new OpenClLaunch(c.queue);
    }

    /** 32x32 tiles need 256 work-items and 8.3 KiB of local memory per group; smaller devices get 16x16. */
    private static int gemmTileFor(OpenClDevice d) {
        int big = KernelSources.GEMM_TILE;
        boolean fits = d.maxWorkGroupSize() >= (long) big * big / KernelSources.GEMM_WPT
                && d.localMemBytes() >= 2L * big * (big + 1) * Float.BYTES;
        return fits ? big : big / 2;
    }

    private int groupSizeFor(OpenClDevice d, OpenClProgram p) {
        long limit = Math.min(KernelSources.REDUCE_MAX, d.maxWorkGroupSize());
        for (String name : KernelSources.KERNEL_NAMES) {
            long kernelLimit = p.workGroupLimit(name, d.id());
            if (KernelSources.GEMM_SHAPED.contains(name)) {
                long needed = (long) gemmTile * gemmTile / KernelSources.GEMM_WPT;
                if (kernelLimit < needed) {
                    throw new BackendException("opencl: " + name + " needs " + needed + " work-items per group, "
                            + d.name() + " allows " + kernelLimit);
                }
            } else {
                limit = Math.min(limit, kernelLimit);
            }
        }
        int size = Integer.highestOneBit((int) limit);
        if (size < KernelSources.COLUMN_SUMS_WIDTH) {
            throw new BackendException("opencl: " + d.name() + " allows only " + limit + " work-items per group, need "
                    + KernelSources.COLUMN_SUMS_WIDTH);
        }
        return size;
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public DeviceInfo device() {
        return info;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public DeviceMatrix allocate(int rows, int cols) {
        open();
        Shapes.dims(rows, cols);
        return new OpenClMatrix(this, buffers.allocate((long) rows * cols, "a " + rows + "x" + cols + " matrix"),
                0, rows, cols, true);
    }

    @Override
    public DeviceInts allocateInts(int length) {
        open();
        Shapes.dims(1, length);
        return new OpenClInts(this, buffers.allocate(length, length + " ints"), 0, length, true);
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceMatrix dst) {
        OpenClMatrix d = m(dst);
        Shapes.hostRange("upload", src.length, srcOffset, d.size());
        write(d.buffer, d.offset(), d.size(), Pointer.to(src).withByteOffset(srcOffset * 4L), "upload");
    }

    @Override
    public void download(DeviceMatrix src, float[] dst, int dstOffset) {
        OpenClMatrix s = m(src);
        Shapes.hostRange("download", dst.length, dstOffset, s.size());
        read(s.buffer, s.offset(), s.size(), Pointer.to(dst).withByteOffset(dstOffset * 4L), "download");
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceInts dst) {
        OpenClInts d = v(dst);
        Shapes.hostRange("upload", src.length, srcOffset, d.length());
        write(d.buffer, d.offset(), d.length(), Pointer.to(src).withByteOffset(srcOffset * 4L), "upload");
    }

    @Override
    public void download(DeviceInts src, int[] dst, int dstOffset) {
        OpenClInts s = v(src);
        Shapes.hostRange("download", dst.length, dstOffset, s.length());
        read(s.buffer, s.offset(), s.length(), Pointer.to(dst).withByteOffset(dstOffset * 4L), "download");
    }

    // Transfers block: the host array may change as soon as the call returns, and a download must wait anyway.
    private void write(OpenClBuffer b, long offset, long count, Pointer host, String what) {
        if (count > 0) {
            OpenClErrors.check(CL.clEnqueueWriteBuffer(ctx.queue, b.mem(), CL.CL_TRUE, offset * 4, count * 4, host,
                    0, null, null), "clEnqueueWriteBuffer(" + what + ")");
        }
    }

    private void read(OpenClBuffer b, long offset, long count, Pointer host, String what) {
        if (count > 0) {
            OpenClErrors.check(CL.clEnqueueReadBuffer(ctx.queue, b.mem(), CL.CL_TRUE, offset * 4, count * 4, host,
                    0, null, null), "clEnqueueReadBuffer(" + what + ")");
        }
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        OpenClMatrix x = m(m);
        if (x.size() > 0) {
            launch("fill").arg((int) x.size()).arg(x).arg(value).run1d(x.size(), groupSize);
        }
    }

    @Override
    public void synchronize() {
        open();
        ctx.finish();
    }

    // ---------------------------------------------------------------- ops

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta, DeviceMatrix c) {
        OpenClMatrix ma = m(a);
        OpenClMatrix mb = m(b);
        OpenClMatrix mc = m(c);
        Shapes.gemm(transA, transB, a, b, c);
        if (overlaps(mc, ma) || overlaps(mc, mb)) {
            throw new IllegalArgumentException("gemm: C must not alias A or B");
        }
        int rows = c.rows();
        int cols = c.cols();
        if (rows == 0 || cols == 0) {
            return;
        }
        int k = transA ? a.rows() : a.cols();
        String name = "gemm_" + (transA ? 't' : 'n') + (transB ? 't' : 'n');
        int perPass = gemmTile / KernelSources.GEMM_WPT;
        launch(name).arg(rows).arg(cols).arg(k).arg(alpha)
                .arg(ma).arg(a.cols()).arg(mb).arg(b.cols()).arg(beta).arg(mc).arg(cols)
                .run2d(OpenClLaunch.roundUp(cols, gemmTile), OpenClLaunch.roundUp(rows, gemmTile) / gemmTile * perPass,
                        gemmTile, perPass);
    }

    private static boolean overlaps(OpenClMatrix x, OpenClMatrix y) {
        return overlaps(x.buffer, x.offset(), x.size(), y.buffer, y.offset(), y.size());
    }

    @Override
    public void biasSigmoid(DeviceMatrix z, DeviceMatrix bias, DeviceMatrix out) {
        OpenClMatrix mz = m(z);
        OpenClMatrix mb = m(bias);
        OpenClMatrix mo = m(out);
        Shapes.same("biasSigmoid", z, out);
        Shapes.row("biasSigmoid", bias, z.cols());
        if (z.size() > 0) {
            launch("bias_sigmoid").arg(z.rows()).arg(z.cols()).arg(mz).arg(mb).arg(mo).run1d(z.size(), groupSize);
        }
    }

    @Override
    public void sigmoidBackward(DeviceMatrix delta, DeviceMatrix a, DeviceMatrix out) {
        OpenClMatrix md = m(delta);
        OpenClMatrix ma = m(a);
        OpenClMatrix mo = m(out);
        Shapes.same("sigmoidBackward", delta, a);
        Shapes.same("sigmoidBackward", delta, out);
        if (delta.size() > 0) {
            launch("sigmoid_backward").arg((int) delta.size()).arg(md).arg(ma).arg(mo).run1d(delta.size(), groupSize);
        }
    }

    @Override
    public void mseOutputDelta(DeviceMatrix a, DeviceInts labels, DeviceMatrix out) {
        OpenClMatrix ma = m(a);
        OpenClInts ml = v(labels);
        OpenClMatrix mo = m(out);
        Shapes.same("mseOutputDelta", a, out);
        Shapes.length("mseOutputDelta", labels, a.rows());
        if (a.size() > 0) {
            launch("mse_output_delta").arg(a.rows()).arg(a.cols()).arg(ma).arg(ml).arg(mo).run1d(a.size(), groupSize);
        }
    }

    @Override
    public void columnSums(float alpha, DeviceMatrix a, float beta, DeviceMatrix out) {
        OpenClMatrix ma = m(a);
        OpenClMatrix mo = m(out);
        Shapes.row("columnSums", out, a.cols());
        int width = KernelSources.COLUMN_SUMS_WIDTH;
        int lanes = groupSize / width;
        launch("column_sums").arg(a.rows()).arg(a.cols()).arg(alpha).arg(ma).arg(beta).arg(mo)
                .run2d(OpenClLaunch.roundUp(a.cols(), width), lanes, width, lanes);
    }

    @Override
    public void rowArgmax(DeviceMatrix a, DeviceInts out) {
        OpenClMatrix ma = m(a);
        OpenClInts mo = v(out);
        Shapes.length("rowArgmax", out, a.rows());
        if (a.rows() > 0) {
            launch("row_argmax").arg(a.rows()).arg(a.cols()).arg(ma).arg(mo).run1d(a.rows(), groupSize);
        }
    }

    @Override
    public void accumulateMetrics(DeviceMatrix a, DeviceInts labels, DeviceMatrix metrics) {
        OpenClMatrix ma = m(a);
        OpenClInts ml = v(labels);
        OpenClMatrix mm = m(metrics);
        Shapes.length("accumulateMetrics", labels, a.rows());
        Shapes.row("accumulateMetrics", metrics, 2);
        // One work-group sums everything in a fixed order; global == local.
        launch("accumulate_metrics").arg(a.rows()).arg(a.cols()).arg(ma).arg(ml).arg(mm).run1d(groupSize, groupSize);
    }

    @Override
    public void gatherRows(DeviceMatrix src, DeviceInts indices, DeviceMatrix dst) {
        OpenClMatrix ms = m(src);
        OpenClInts mi = v(indices);
        OpenClMatrix md = m(dst);
        Shapes.length("gatherRows", indices, dst.rows());
        if (src.cols() != dst.cols()) {
            throw new IllegalArgumentException("gatherRows: column counts differ: src " + src.shape() + " vs dst " + dst.shape());
        }
        if (dst.size() > 0) {
            launch("gather_rows").arg(dst.rows()).arg(dst.cols()).arg(ms).arg(src.rows()).arg(mi).arg(md)
                    .run1d(dst.size(), groupSize);
        }
    }

    @Override
    public void gatherInts(DeviceInts src, DeviceInts indices, DeviceInts dst) {
        OpenClInts ms = v(src);
        OpenClInts mi = v(indices);
        OpenClInts md = v(dst);
        Shapes.length("gatherInts", indices, dst.length());
        if (dst.length() > 0) {
            launch("gather_ints").arg(dst.length()).arg(ms).arg(src.length()).arg(mi).arg(md).run1d(dst.length(), groupSize);
        }
    }

    // ---------------------------------------------------------------- fused ops: one launch each

    @Override
    public void linearSigmoid(DeviceMatrix x, DeviceMatrix w, DeviceMatrix bias, DeviceMatrix out) {
        OpenClMatrix mx = m(x);
        OpenClMatrix mw = m(w);
        OpenClMatrix mb = m(bias);
        OpenClMatrix mo = m(out);
        Shapes.linearSigmoid(x, w, bias, out);
        disjoint("linearSigmoid", mo, mx, mw, mb);
        if (out.size() == 0) {
            return;
        }
        int rows = out.rows();
        int cols = out.cols();
        launch("linear_sigmoid").arg(rows).arg(cols).arg(x.cols())
                .arg(mx).arg(x.cols()).arg(mw).arg(w.cols()).arg(mb).arg(mo).arg(cols)
                .run2d(gemmGlobalX(cols, 0), gemmGlobalY(rows), gemmTile, gemmTile / KernelSources.GEMM_WPT);
    }

    @Override
    public void backpropSigmoid(DeviceMatrix delta, DeviceMatrix w, DeviceMatrix a, DeviceMatrix out) {
        OpenClMatrix md = m(delta);
        OpenClMatrix mw = m(w);
        OpenClMatrix ma = m(a);
        OpenClMatrix mo = m(out);
        Shapes.backpropSigmoid(delta, w, a, out);
        disjoint("backpropSigmoid", mo, md, mw, ma);
        if (out.size() == 0) {
            return;
        }
        int rows = out.rows();
        int cols = out.cols();
        launch("backprop_sigmoid").arg(rows).arg(cols).arg(delta.cols())
                .arg(md).arg(delta.cols()).arg(mw).arg(w.cols()).arg(ma).arg(a.cols()).arg(mo).arg(cols)
                .run2d(gemmGlobalX(cols, 0), gemmGlobalY(rows), gemmTile, gemmTile / KernelSources.GEMM_WPT);
    }

    /** One launch: the GEMM's work-groups update w, one extra column of work-groups sums the bias gradient. */
    @Override
    public void sgdUpdate(float learningRate, DeviceMatrix delta, DeviceMatrix input, DeviceMatrix w, DeviceMatrix bias) {
        OpenClMatrix md = m(delta);
        OpenClMatrix mi = m(input);
        OpenClMatrix mw = m(w);
        OpenClMatrix mb = m(bias);
        Shapes.sgdUpdate(delta, input, w, bias);
        disjoint("sgdUpdate", mw, md, mi, mb);
        disjoint("sgdUpdate", mb, md, mi);
        if (w.size() == 0) {
            return;
        }
        int rows = w.rows();
        int cols = w.cols();
        launch("sgd_update").arg(rows).arg(cols).arg(delta.rows()).arg(-learningRate)
                .arg(md).arg(delta.cols()).arg(mi).arg(input.cols()).arg(mw).arg(cols).arg(mb)
                .run2d(gemmGlobalX(cols, 1), gemmGlobalY(rows), gemmTile, gemmTile / KernelSources.GEMM_WPT);
    }

    @Override
    public void gatherBatch(DeviceMatrix srcX, DeviceInts srcY, DeviceInts indices, DeviceMatrix dstX, DeviceInts dstY) {
        OpenClMatrix msx = m(srcX);
        OpenClInts msy = v(srcY);
        OpenClInts mi = v(indices);
        OpenClMatrix mdx = m(dstX);
        OpenClInts mdy = v(dstY);
        Shapes.gatherBatch(srcX, indices, dstX, dstY);
        disjoint("gatherBatch", mdx, msx);
        if (overlaps(mdy.buffer, mdy.offset(), mdy.length(), msy.buffer, msy.offset(), msy.length())
                || overlaps(mdy.buffer, mdy.offset(), mdy.length(), mi.buffer, mi.offset(), mi.length())) {
            throw new IllegalArgumentException("gatherBatch: dstY must not overlap srcY or indices");
        }
        if (dstX.size() == 0) {
            return;
        }
        launch("gather_batch").arg(dstX.rows()).arg(dstX.cols()).arg(msx).arg(srcX.rows())
                .arg(msy).arg(srcY.length()).arg(mi).arg(mdx).arg(mdy).run1d(dstX.size(), groupSize);
    }

    /** Global x of a GEMM-shaped launch over {@code cols} columns, with {@code extraGroups} more columns of groups. */
    private long gemmGlobalX(int cols, int extraGroups) {
        return OpenClLaunch.roundUp(cols, gemmTile) + (long) extraGroups * gemmTile;
    }

    private long gemmGlobalY(int rows) {
        return OpenClLaunch.roundUp(rows, gemmTile) / gemmTile * (gemmTile / KernelSources.GEMM_WPT);
    }

    /** The fused ops' output must not share memory with any of their inputs (the kernels read and write at once). */
    private static void disjoint(String op, OpenClMatrix out, OpenClMatrix... inputs) {
        for (OpenClMatrix in : inputs) {
            if (overlaps(out, in)) {
                throw new IllegalArgumentException(op + ": output " + out.shape() + " overlaps input " + in.shape());
            }
        }
    }

    private static boolean overlaps(OpenClBuffer b1, long off1, long n1, OpenClBuffer b2, long off2, long n2) {
        return b1 == b2 && off1 < off2 + n2 && off2 < off1 + n1;
    }

    // ---------------------------------------------------------------- plumbing

    private OpenClLaunch launch(String kernel) {
        open();
        launches++;
        return launcher.of(program.kernel(kernel), kernel);
    }

    /**
     * Kernels enqueued since open, as {@code CudaBackend.launches()} counts them: every op is one launch (fills are
     * kernels here, memsets on CUDA; a training step has none); copies are not counted.
     */
    long launches() {
        return launches;
    }

    private OpenClMatrix m(DeviceMatrix x) {
        open();
        if (!(x instanceof OpenClMatrix om) || om.backend != this) {
            throw new IllegalArgumentException("opencl backend given a matrix it did not allocate: " + x);
        }
        return om;
    }

    private OpenClInts v(DeviceInts x) {
        open();
        if (!(x instanceof OpenClInts oi) || oi.backend != this) {
            throw new IllegalArgumentException("opencl backend given an int vector it did not allocate: " + x);
        }
        return oi;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("opencl backend is closed");
        }
    }

    void release(OpenClBuffer b) {
        if (!closed) {
            buffers.release(b);
        }
    }

    /** Edge of the GEMM tile this device's program was built with. */
    int gemmTile() {
        return gemmTile;
    }

    /** Bytes held by live matrices and int vectors. */
    long liveBytes() {
        return buffers.liveBytes();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CL.clFinish(ctx.queue);
        buffers.close();
        program.close();
        ctx.close();
    }
}
