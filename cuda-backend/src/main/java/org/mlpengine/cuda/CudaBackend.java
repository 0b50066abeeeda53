package org.mlpengine.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import jcuda.Pointer;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.backend.Shapes;
import org.mlpengine.kernels.KernelSources;

/**
 * The SPI on one CUDA device through the driver API: the primary context, one stream, our PTX module,
 * one cuMemAlloc per matrix, and GEMM by cuBLAS or our own kernel ({@link GemmChoice}).
 *
 * <p>Every op is one launch, the fused ops included: they always run our fused kernels (GEMM with an epilogue),
 * also where cuBLAS does the plain GEMM, because at this MLP's sizes a launch costs more than the arithmetic.
 * {@link #launches()} counts them, so a training step's launch count can be checked (7 with the fused ops).
 */
public final class CudaBackend implements Backend {
    /** Threads along the rows of a {@code column_sums} block (its width is fixed by the kernel). */
    private static final int COLUMN_SUMS_ROWS = KernelSources.REDUCE_MAX / KernelSources.COLUMN_SUMS_WIDTH;
    /** Block shape of the GEMM-shaped kernels (KernelSources.GEMM_SHAPED). */
    private static final int TILE = KernelSources.GEMM_TILE;
    private static final int ROWS_PER_PASS = KernelSources.GEMM_TILE / KernelSources.GEMM_WPT;

    private final DeviceInfo device;
    private final GemmChoice gemmChoice;
    private CudaContext context;
    private CudaMemory memory;
    private CudaModule module;
    private CudaKernels kernels;
    private Gemm gemm;
    private boolean closed;

    private CudaBackend(int deviceIndex, GemmChoice gemmChoice) {
        this.gemmChoice = gemmChoice;
        try {
            context = new CudaContext(deviceIndex);
            memory = new CudaMemory(context);
            module = new CudaModule(context);
            kernels = new CudaKernels(context, module);
            gemm = gemmChoice.cublas() ? new CublasGemm(context, kernels) : new KernelGemm(kernels);
            device = CudaProbe.describe(deviceIndex, gemmChoice);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens device {@code deviceIndex} (a CUDA ordinal) with the given GEMM; the driver must have loaded. */
    static CudaBackend open(int deviceIndex, GemmChoice gemmChoice) {
        return new CudaBackend(deviceIndex, gemmChoice);
    }

    @Override
    public String name() {
        return CudaBackendProvider.NAME;
    }

    @Override
    public DeviceInfo device() {
        return device;
    }

    /** Kernel launches (a cuBLAS GEMM counts as one) enqueued since open; fills and copies are not counted. */
    public long launches() {
        return kernels.launches();
    }

    /** True when GEMM goes through cuBLAS, false for our own kernel. */
    public boolean usesCublas() {
        return gemmChoice.cublas();
    }

    // ---------------------------------------------------------------- memory

    @Override
    public DeviceMatrix allocate(int rows, int cols) {
        Shapes.dims(rows, cols);
        long size = checkedSize((long) rows * cols);
        ensureOpen();
        return new CudaMatrix(this, memory.allocate(size, "a " + rows + "x" + cols + " matrix"), rows, cols, 0, false);
    }

    @Override
    public DeviceInts allocateInts(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("int vector length must be positive, got " + length);
        }
        ensureOpen();
        return new CudaInts(this, memory.allocate(length, length + " ints"), length, 0, false);
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceMatrix dst) {
        CudaMatrix d = own(dst);
        Shapes.hostRange("upload", src.length, srcOffset, d.size());
        ensureOpen();
        // The legacy default stream of cuMemcpyHtoD is ordered with our (blocking) stream both ways.
        CudaErrors.check(cuMemcpyHtoD(d.pointer(), Pointer.to(src).withByteOffset(srcOffset * 4L), d.size() * 4),
                "cuMemcpyHtoD");
    }

    @Override
    public void download(DeviceMatrix src, float[] dst, int dstOffset) {
        CudaMatrix s = own(src);
        Shapes.hostRange("download", dst.length, dstOffset, s.size());
        ensureOpen();
        CudaErrors.check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset(dstOffset * 4L), s.pointer(), s.size() * 4),
                "cuMemcpyDtoH");
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceInts dst) {
        CudaInts d = own(dst);
        Shapes.hostRange("upload", src.length, srcOffset, d.length());
        ensureOpen();
        CudaErrors.check(cuMemcpyHtoD(d.pointer(), Pointer.to(src).withByteOffset(srcOffset * 4L), d.length() * 4L),
                "cuMemcpyHtoD");
    }

    @Override
    public void download(DeviceInts src, int[] dst, int dstOffset) {
        CudaInts s = own(src);
        Shapes.hostRange("download", dst.length, dstOffset, s.length());
        ensureOpen();
        CudaErrors.check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset(dstOffset * 4L), s.pointer(), s.length() * 4L),
                "cuMemcpyDtoH");
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        CudaMatrix d = own(m);
        ensureOpen();
        // A memset of the float's bits: no kernel launch.
        CudaErrors.check(cuMemsetD32Async(d.pointer(), Float.floatToRawIntBits(value), d.size(), context.stream()),
                "cuMemsetD32Async");
    }

    @Override
    public void synchronize() {
        ensureOpen();
        context.synchronize();
    }

    // ---------------------------------------------------------------- ops

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta,
                     DeviceMatrix c) {
        CudaMatrix ca = own(a);
        CudaMatrix cb = own(b);
        CudaMatrix cc = own(c);
        Shapes.gemm(transA, transB, ca, cb, cc);
        ensureOpen();
        gemm.run(transA, transB, alpha, ca, cb, beta, cc);
    }

    @Override
    public void biasSigmoid(DeviceMatrix z, DeviceMatrix bias, DeviceMatrix out) {
        CudaMatrix cz = own(z);
        CudaMatrix cb = own(bias);
        CudaMatrix co = own(out);
        Shapes.same("biasSigmoid", cz, co);
        Shapes.row("biasSigmoid", cb, cz.cols());
        ensureOpen();
        kernels.launch1d("bias_sigmoid", cz.size(), cz.rows(), cz.cols(),
                cz.base(), cz.offset(), cb.base(), cb.offset(), co.base(), co.offset());
    }

    @Override
    public void sigmoidBackward(DeviceMatrix delta, DeviceMatrix a, DeviceMatrix out) {
        CudaMatrix cd = own(delta);
        CudaMatrix ca = own(a);
        CudaMatrix co = own(out);
        Shapes.same("sigmoidBackward", cd, ca);
        Shapes.same("sigmoidBackward", cd, co);
        ensureOpen();
        kernels.launch1d("sigmoid_backward", cd.size(), (int) cd.size(),
                cd.base(), cd.offset(), ca.base(), ca.offset(), co.base(), co.offset());
    }

    @Override
    public void mseOutputDelta(DeviceMatrix a, DeviceInts labels, DeviceMatrix out) {
        CudaMatrix ca = own(a);
        CudaInts cl = own(labels);
        CudaMatrix co = own(out);
        Shapes.same("mseOutputDelta", ca, co);
        Shapes.length("mseOutputDelta", cl, ca.rows());
        ensureOpen();
        kernels.launch1d("mse_output_delta", ca.size(), ca.rows(), ca.cols(),
                ca.base(), ca.offset(), cl.base(), cl.offset(), co.base(), co.offset());
    }

    @Override
    public void columnSums(float alpha, DeviceMatrix a, float beta, DeviceMatrix out) {
        CudaMatrix ca = own(a);
        CudaMatrix co = own(out);
        Shapes.row("columnSums", co, ca.cols());
        ensureOpen();
        int width = KernelSources.COLUMN_SUMS_WIDTH;
        kernels.launch("column_sums", CudaKernels.blocks(ca.cols(), width), 1, width, COLUMN_SUMS_ROWS,
                ca.rows(), ca.cols(), alpha, ca.base(), ca.offset(), beta, co.base(), co.offset());
    }

    @Override
    public void rowArgmax(DeviceMatrix a, DeviceInts out) {
        CudaMatrix ca = own(a);
        CudaInts co = own(out);
        Shapes.length("rowArgmax", co, ca.rows());
        ensureOpen();
        kernels.launch1d("row_argmax", ca.rows(), ca.rows(), ca.cols(), ca.base(), ca.offset(), co.base(), co.offset());
    }

    @Override
    public void accumulateMetrics(DeviceMatrix a, DeviceInts labels, DeviceMatrix metrics) {
        CudaMatrix ca = own(a);
        CudaInts cl = own(labels);
        CudaMatrix cm = own(metrics);
        Shapes.length("accumulateMetrics", cl, ca.rows());
        Shapes.row("accumulateMetrics", cm, 2);
        ensureOpen();
        // One block, so the sum's order is fixed and results are reproducible.
        kernels.launch("accumulate_metrics", 1, 1, KernelSources.REDUCE_MAX, 1, ca.rows(), ca.cols(),
                ca.base(), ca.offset(), cl.base(), cl.offset(), cm.base(), cm.offset());
    }

    @Override
    public void gatherRows(DeviceMatrix src, DeviceInts indices, DeviceMatrix dst) {
        CudaMatrix cs = own(src);
        CudaInts ci = own(indices);
        CudaMatrix cd = own(dst);
        if (cs.cols() != cd.cols()) {
            throw new IllegalArgumentException("gatherRows: source " + cs.shape() + " and destination " + cd.shape()
                    + " differ in columns");
        }
        Shapes.length("gatherRows", ci, cd.rows());
        ensureOpen();
        kernels.launch1d("gather_rows", cd.size(), cd.rows(), cd.cols(), cs.base(), cs.offset(), cs.rows(),
                ci.base(), ci.offset(), cd.base(), cd.offset());
    }

    @Override
    public void gatherInts(DeviceInts src, DeviceInts indices, DeviceInts dst) {
        CudaInts cs = own(src);
        CudaInts ci = own(indices);
        CudaInts cd = own(dst);
        Shapes.length("gatherInts", ci, cd.length());
        ensureOpen();
        kernels.launch1d("gather_ints", cd.length(), cd.length(), cs.base(), cs.offset(), cs.length(),
                ci.base(), ci.offset(), cd.base(), cd.offset());
    }

    // ---------------------------------------------------------------- fused ops: one launch each

    @Override
    public void linearSigmoid(DeviceMatrix x, DeviceMatrix w, DeviceMatrix bias, DeviceMatrix out) {
        CudaMatrix cx = own(x);
        CudaMatrix cw = own(w);
        CudaMatrix cb = own(bias);
        CudaMatrix co = own(out);
        Shapes.linearSigmoid(cx, cw, cb, co);
        disjoint("linearSigmoid", co, cx, cw, cb);
        ensureOpen();
        if (co.size() == 0) {
            return;
        }
        int m = co.rows();
        int n = co.cols();
        kernels.launch("linear_sigmoid", CudaKernels.blocks(n, TILE), CudaKernels.blocks(m, TILE), TILE, ROWS_PER_PASS,
                m, n, cx.cols(), cx.base(), cx.offset(), cx.cols(), cw.base(), cw.offset(), cw.cols(),
                cb.base(), cb.offset(), co.base(), co.offset(), n);
    }

    @Override
    public void backpropSigmoid(DeviceMatrix delta, DeviceMatrix w, DeviceMatrix a, DeviceMatrix out) {
        CudaMatrix cd = own(delta);
        CudaMatrix cw = own(w);
        CudaMatrix ca = own(a);
        CudaMatrix co = own(out);
        Shapes.backpropSigmoid(cd, cw, ca, co);
        disjoint("backpropSigmoid", co, cd, cw, ca);
        ensureOpen();
        if (co.size() == 0) {
            return;
        }
        int m = co.rows();
        int n = co.cols();
        kernels.launch("backprop_sigmoid", CudaKernels.blocks(n, TILE), CudaKernels.blocks(m, TILE), TILE,
                ROWS_PER_PASS, m, n, cd.cols(), cd.base(), cd.offset(), cd.cols(), cw.base(), cw.offset(), cw.cols(),
                ca.base(), ca.offset(), ca.cols(), co.base(), co.offset(), n);
    }

    /** One launch: the GEMM's blocks update w, one extra column of blocks sums the bias gradient (fixed order). */
    @Override
    public void sgdUpdate(float learningRate, DeviceMatrix delta, DeviceMatrix input, DeviceMatrix w, DeviceMatrix bias) {
        CudaMatrix cd = own(delta);
        CudaMatrix ci = own(input);
        CudaMatrix cw = own(w);
        CudaMatrix cb = own(bias);
        Shapes.sgdUpdate(cd, ci, cw, cb);
        disjoint("sgdUpdate", cw, cd, ci, cb);
        disjoint("sgdUpdate", cb, cd, ci);
        ensureOpen();
        if (cw.size() == 0) {
            return;
        }
        int m = cw.rows();
        int n = cw.cols();
        kernels.launch("sgd_update", CudaKernels.blocks(n, TILE) + 1, CudaKernels.blocks(m, TILE), TILE, ROWS_PER_PASS,
                m, n, cd.rows(), -learningRate, cd.base(), cd.offset(), cd.cols(), ci.base(), ci.offset(), ci.cols(),
                cw.base(), cw.offset(), n, cb.base(), cb.offset());
    }

    @Override
    public void gatherBatch(DeviceMatrix srcX, DeviceInts srcY, DeviceInts indices, DeviceMatrix dstX, DeviceInts dstY) {
        CudaMatrix csx = own(srcX);
        CudaInts csy = own(srcY);
        CudaInts ci = own(indices);
        CudaMatrix cdx = own(dstX);
        CudaInts cdy = own(dstY);
        Shapes.gatherBatch(csx, ci, cdx, cdy);
        disjoint("gatherBatch", cdx, csx);
        if (cdy.overlaps(csy) || cdy.overlaps(ci)) {
            throw new IllegalArgumentException("gatherBatch: dstY must not overlap srcY or indices");
        }
        ensureOpen();
        if (cdx.size() == 0) {
            return;
        }
        kernels.launch1d("gather_batch", cdx.size(), cdx.rows(), cdx.cols(), csx.base(), csx.offset(), csx.rows(),
                csy.base(), csy.offset(), csy.length(), ci.base(), ci.offset(), cdx.base(), cdx.offset(),
                cdy.base(), cdy.offset());
    }

    /** The fused kernels read their inputs while they write: the output must not share memory with any input. */
    private static void disjoint(String op, CudaMatrix out, CudaMatrix... inputs) {
        for (CudaMatrix in : inputs) {
            if (out.overlaps(in)) {
                throw new IllegalArgumentException(op + ": output " + out.shape() + " overlaps input " + in.shape());
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    void free(CudaMemory.Buffer buffer) {
        if (!closed) {
            memory.free(buffer);
        }
    }

    /** Device allocations still held (views excluded). */
    int liveAllocations() {
        return memory.liveCount();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Wait for enqueued work, then release in reverse order of creation; keep going after a failure and
        // report the first one.
        RuntimeException first = null;
        AutoCloseable drain = context == null ? null : context::synchronize;
        for (AutoCloseable step : new AutoCloseable[] {drain, gemm, module, memory, context}) {
            if (step == null) {
                continue;
            }
            try {
                step.close();
            } catch (Exception e) {
                first = first == null ? asRuntime(e) : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static RuntimeException asRuntime(Exception e) {
        return e instanceof RuntimeException ? (RuntimeException) e : new BackendException(e.getMessage(), e);
    }

    /** Every public op starts here: the backend must be open and its context current on the calling thread. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cuda backend is closed");
        }
        context.makeCurrent();
    }

    private CudaMatrix own(DeviceMatrix m) {
        if (m instanceof CudaMatrix && ((CudaMatrix) m).owner == this) {
            return (CudaMatrix) m;
        }
        throw new IllegalArgumentException(m + " does not belong to this cuda backend");
    }

    private CudaInts own(DeviceInts v) {
        if (v instanceof CudaInts && ((CudaInts) v).owner == this) {
            return (CudaInts) v;
        }
        throw new IllegalArgumentException(v + " does not belong to this cuda backend");
    }

    /** The kernels index elements with 32-bit ints. */
    private static long checkedSize(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cuda kernels index with 32-bit ints: at most " + Integer.MAX_VALUE
                    + " elements per matrix, asked for " + size);
        }
        return size;
    }
}
