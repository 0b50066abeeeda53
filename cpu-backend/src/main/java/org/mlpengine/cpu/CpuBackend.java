package org.mlpengine.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.backend.Shapes;

/**
 * The SPI on the host: matrices are float arrays, ops run synchronously, gemm on all cores.
 * Element-wise ops and reductions run on the calling thread: at training sizes they take microseconds,
 * less than handing them to another thread would.
 */
final class CpuBackend implements Backend {
    private final DeviceInfo device;
    private final WorkerPool pool;
    private final Gemm gemm;
    private final Set<AutoCloseable> open = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private float[] columnScratch = new float[0];
    private volatile boolean closed;

    CpuBackend(int threads, GemmKernel kernel) {
        this.pool = new WorkerPool(threads);
        this.gemm = new Gemm(kernel, pool);
        this.device = CpuDevice.describe(0, threads, kernel);
    }

    @Override
    public String name() {
        return CpuBackendProvider.NAME;
    }

    @Override
    public DeviceInfo device() {
        return device;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public DeviceMatrix allocate(int rows, int cols) {
        ensureOpen();
        CpuMatrix m = new CpuMatrix(this, rows, cols);
        open.add(m);
        return m;
    }

    @Override
    public DeviceInts allocateInts(int length) {
        ensureOpen();
        CpuInts v = new CpuInts(this, length);
        open.add(v);
        return v;
    }

    void forget(AutoCloseable resource) {
        open.remove(resource);
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceMatrix dst) {
        CpuMatrix d = own(dst);
        Shapes.hostRange("upload", src.length, srcOffset, d.size());
        System.arraycopy(src, srcOffset, d.data(), d.offset, (int) d.size());
    }

    @Override
    public void download(DeviceMatrix src, float[] dst, int dstOffset) {
        CpuMatrix s = own(src);
        Shapes.hostRange("download", dst.length, dstOffset, s.size());
        System.arraycopy(s.data(), s.offset, dst, dstOffset, (int) s.size());
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceInts dst) {
        CpuInts d = own(dst);
        Shapes.hostRange("upload", src.length, srcOffset, d.length());
        System.arraycopy(src, srcOffset, d.data(), d.offset, d.length());
    }

    @Override
    public void download(DeviceInts src, int[] dst, int dstOffset) {
        CpuInts s = own(src);
        Shapes.hostRange("download", dst.length, dstOffset, s.length());
        System.arraycopy(s.data(), s.offset, dst, dstOffset, s.length());
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        CpuMatrix x = own(m);
        java.util.Arrays.fill(x.data(), x.offset, x.offset + (int) x.size(), value);
    }

    @Override
    public void synchronize() {
        ensureOpen(); // every op has already finished when it returns
    }

    // ---------------------------------------------------------------- ops

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta,
                     DeviceMatrix c) {
        CpuMatrix x = own(a);
        CpuMatrix y = own(b);
        CpuMatrix z = own(c);
        Shapes.gemm(transA, transB, a, b, c);
        int k = transA ? x.rows() : x.cols();
        gemm.multiply(transA, transB, alpha, x.data(), x.offset, x.cols(), y.data(), y.offset, y.cols(),
                beta, z.data(), z.offset, z.rows(), z.cols(), k);
    }

    @Override
    public void biasSigmoid(DeviceMatrix z, DeviceMatrix bias, DeviceMatrix out) {
        CpuMatrix x = own(z);
        CpuMatrix b = own(bias);
        CpuMatrix o = own(out);
        Shapes.row("biasSigmoid", bias, z.cols());
        Shapes.same("biasSigmoid", z, out);
        ActivationOps.biasSigmoid(x.data(), x.offset, b.data(), b.offset, o.data(), o.offset, x.rows(), x.cols());
    }

    @Override
    public void sigmoidBackward(DeviceMatrix delta, DeviceMatrix a, DeviceMatrix out) {
        CpuMatrix d = own(delta);
        CpuMatrix x = own(a);
        CpuMatrix o = own(out);
        Shapes.same("sigmoidBackward", delta, a);
        Shapes.same("sigmoidBackward", delta, out);
        ActivationOps.sigmoidBackward(d.data(), d.offset, x.data(), x.offset, o.data(), o.offset, (int) d.size());
    }

    @Override
    public void mseOutputDelta(DeviceMatrix a, DeviceInts labels, DeviceMatrix out) {
        CpuMatrix x = own(a);
        CpuInts l = own(labels);
        CpuMatrix o = own(out);
        Shapes.length("mseOutputDelta", labels, a.rows());
        Shapes.same("mseOutputDelta", a, out);
        ActivationOps.mseOutputDelta(x.data(), x.offset, l.data(), l.offset, o.data(), o.offset, x.rows(), x.cols());
    }

    @Override
    public void columnSums(float alpha, DeviceMatrix a, float beta, DeviceMatrix out) {
        CpuMatrix x = own(a);
        CpuMatrix o = own(out);
        Shapes.row("columnSums", out, a.cols());
        if (columnScratch.length < x.cols()) {
            columnScratch = new float[x.cols()];
        }
        ReductionOps.columnSums(alpha, x.data(), x.offset, x.rows(), x.cols(), beta, o.data(), o.offset, columnScratch);
    }

    @Override
    public void rowArgmax(DeviceMatrix a, DeviceInts out) {
        CpuMatrix x = own(a);
        CpuInts o = own(out);
        Shapes.length("rowArgmax", out, a.rows());
        float[] data = x.data();
        int[] result = o.data();
        for (int i = 0; i < x.rows(); i++) {
            result[o.offset + i] = ReductionOps.argmax(data, x.offset + i * x.cols(), x.cols());
        }
    }

    @Override
    public void accumulateMetrics(DeviceMatrix a, DeviceInts labels, DeviceMatrix metrics) {
        CpuMatrix x = own(a);
        CpuInts l = own(labels);
        CpuMatrix mm = own(metrics);
        Shapes.length("accumulateMetrics", labels, a.rows());
        Shapes.row("accumulateMetrics", metrics, 2);
        ReductionOps.accumulateMetrics(x.data(), x.offset, x.rows(), x.cols(), l.data(), l.offset, mm.data(), mm.offset);
    }

    @Override
    public void gatherRows(DeviceMatrix src, DeviceInts indices, DeviceMatrix dst) {
        CpuMatrix s = own(src);
        CpuInts idx = own(indices);
        CpuMatrix d = own(dst);
        Shapes.length("gatherRows", indices, dst.rows());
        if (src.cols() != dst.cols()) {
            throw new IllegalArgumentException("gatherRows: source has " + src.cols() + " columns, destination " + dst.cols());
        }
        int cols = s.cols();
        int[] ix = idx.data();
        float[] from = s.data();
        float[] to = d.data();
        for (int i = 0; i < d.rows(); i++) {
            int row = checkIndex("gatherRows", ix[idx.offset + i], s.rows());
            System.arraycopy(from, s.offset + row * cols, to, d.offset + i * cols, cols);
        }
    }

    @Override
    public void gatherInts(DeviceInts src, DeviceInts indices, DeviceInts dst) {
        CpuInts s = own(src);
        CpuInts idx = own(indices);
        CpuInts d = own(dst);
        Shapes.length("gatherInts", indices, dst.length());
        int[] ix = idx.data();
        int[] from = s.data();
        int[] to = d.data();
        for (int i = 0; i < d.length(); i++) {
            to[d.offset + i] = from[s.offset + checkIndex("gatherInts", ix[idx.offset + i], s.length())];
        }
    }

    private static int checkIndex(String op, int index, int bound) {
        if (index < 0 || index >= bound) {
            throw new IllegalArgumentException(op + ": index " + index + " outside [0, " + bound + ")");
        }
        return index;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
        List<AutoCloseable> left;
        synchronized (open) {
            left = new ArrayList<>(open);
        }
        for (AutoCloseable r : left) {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + r, e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the cpu backend is closed");
        }
    }

    private CpuMatrix own(DeviceMatrix m) {
        ensureOpen();
        if (!(m instanceof CpuMatrix cm) || cm.backend != this) {
            throw new IllegalArgumentException("matrix " + m.shape() + " belongs to another backend");
        }
        return cm;
    }

    private CpuInts own(DeviceInts v) {
        ensureOpen();
        if (!(v instanceof CpuInts ci) || ci.backend != this) {
            throw new IllegalArgumentException("int vector of " + v.length() + " belongs to another backend");
        }
        return ci;
    }
}
