package org.mlpengine.cpu;

import java.util.ArrayList;
import java.util.Arrays;
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
    private final KernelChoice kernels;
    private final ElementwiseKernel elementwise;
    /** Usually one; another whenever every one is held by a late worker (at most one per worker): see {@link #gemm()}. */
    private BlockedGemm[] gemms;
    private final Set<AutoCloseable> open = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private volatile boolean closed;

    CpuBackend(int threads, KernelChoice kernels) {
        this.pool = new WorkerPool(threads);
        this.kernels = kernels;
        this.elementwise = kernels.elementwise();
        this.gemms = new BlockedGemm[] {new BlockedGemm(kernels, pool)};
        this.device = CpuDevice.describe(0, threads, kernels);
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
        gemm().multiply(transA, transB, alpha, x.data(), x.offset, x.cols(), y.data(), y.offset, y.cols(),
                beta, z.data(), z.offset, z.rows(), z.cols(), k);
    }

    /**
     * A BlockedGemm that no worker holds. The pool lets the caller finish a job without a worker that lost its core
     * inside a unit; back on its core, that worker goes on computing its unit (the result is never committed) and
     * must read its own product's shape and operands, not half of the next one's. With one BlockedGemm for all
     * products it ran the kernels with arguments no real call has (a dot tile with k = 50), whose uncommon traps
     * sent them back to the interpreter mid-run, where every vector is an object: gigabytes per epoch
     * (cpu-backend/PERFORMANCE.md).
     */
    private BlockedGemm gemm() {
        for (BlockedGemm g : gemms) {
            if (!pool.held(g)) {
                return g;
            }
        }
        gemms = Arrays.copyOf(gemms, gemms.length + 1);
        gemms[gemms.length - 1] = new BlockedGemm(kernels, pool);
        return gemms[gemms.length - 1];
    }

    @Override
    public void linearSigmoid(DeviceMatrix x, DeviceMatrix w, DeviceMatrix bias, DeviceMatrix out) {
        CpuMatrix a = own(x);
        CpuMatrix b = own(w);
        CpuMatrix bi = own(bias);
        CpuMatrix o = own(out);
        Shapes.linearSigmoid(x, w, bias, out);
        gemm().multiplyBiasSigmoid(a.data(), a.offset, a.cols(), b.data(), b.offset, b.cols(), bi.data(), bi.offset,
                o.data(), o.offset, o.rows(), o.cols(), a.cols());
    }

    @Override
    public void biasSigmoid(DeviceMatrix z, DeviceMatrix bias, DeviceMatrix out) {
        CpuMatrix x = own(z);
        CpuMatrix b = own(bias);
        CpuMatrix o = own(out);
        Shapes.row("biasSigmoid", bias, z.cols());
        Shapes.same("biasSigmoid", z, out);
        elementwise.addBias(x.data(), x.offset, b.data(), b.offset, o.data(), o.offset, x.rows(), x.cols());
        elementwise.sigmoid(o.data(), o.offset, (int) o.size()); // the whole matrix at once: rows of 10 are shorter than a vector
    }

    @Override
    public void sigmoidBackward(DeviceMatrix delta, DeviceMatrix a, DeviceMatrix out) {
        CpuMatrix d = own(delta);
        CpuMatrix x = own(a);
        CpuMatrix o = own(out);
        Shapes.same("sigmoidBackward", delta, a);
        Shapes.same("sigmoidBackward", delta, out);
        elementwise.sigmoidBackward(d.data(), d.offset, x.data(), x.offset, o.data(), o.offset, (int) d.size());
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
        elementwise.columnSums(alpha, x.data(), x.offset, x.rows(), x.cols(), beta, o.data(), o.offset);
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
        int rows = d.rows();
        for (int i = 0; i < rows; i++) {
            checkIndex("gatherRows", ix[idx.offset + i], s.rows());
        }
        int groups = (rows + GATHER_ROWS - 1) / GATHER_ROWS;
        if (pool.threads() == 1 || (long) rows * cols < GATHER_PARALLEL_MIN || groups > WorkerPool.MAX_UNITS) {
            for (int g = 0; g < groups; g++) {
                gatherGroup(from, s.offset, ix, idx.offset, to, d.offset, cols, g * GATHER_ROWS, rows);
            }
            return;
        }
        gather.set(from, s.offset, ix, idx.offset, to, d.offset, cols, rows);
        try {
            pool.run(groups, gather);
        } finally {
            gather.set(null, 0, null, 0, null, 0, 0, 0);
        }
    }

    /**
     * Rows i0.. of a gather, up to GATHER_ROWS of them, copied a chunk of each in turn: the rows are scattered
     * in memory, and having several of them in flight at once hides DRAM latency that one row at a time waits out.
     */
    private static void gatherGroup(float[] from, int fromOff, int[] ix, int ixOff, float[] to, int toOff, int cols,
                                    int i0, int rows) {
        int group = Math.min(GATHER_ROWS, rows - i0);
        for (int p = 0; p < cols; p += GATHER_CHUNK) {
            int len = Math.min(GATHER_CHUNK, cols - p);
            for (int i = i0; i < i0 + group; i++) {
                System.arraycopy(from, fromOff + ix[ixOff + i] * cols + p, to, toOff + i * cols + p, len);
            }
        }
    }

    /**
     * A gather as pool units of GATHER_ROWS rows. A copy needs no private space: the unit's one commit copies
     * straight into the destination (nothing else writes those rows), and compute does nothing.
     */
    private static final class Gather implements WorkerPool.Units {
        private float[] from;
        private int fromOff;
        private int[] ix;
        private int ixOff;
        private float[] to;
        private int toOff;
        private int cols;
        private int rows;

        void set(float[] from, int fromOff, int[] ix, int ixOff, float[] to, int toOff, int cols, int rows) {
            this.from = from;
            this.fromOff = fromOff;
            this.ix = ix;
            this.ixOff = ixOff;
            this.to = to;
            this.toOff = toOff;
            this.cols = cols;
            this.rows = rows;
        }

        @Override
        public void compute(int unit, int worker) {
        }

        @Override
        public void commit(int unit, int worker) {
            gatherGroup(from, fromOff, ix, ixOff, to, toOff, cols, unit * GATHER_ROWS, rows);
        }
    }

    private final Gather gather = new Gather();
    /** Floats below which a gather runs on the caller alone: a hand-off costs a few microseconds. */
    private static final long GATHER_PARALLEL_MIN = 16_384;

    /** Rows of a gather in flight together. */
    private static final int GATHER_ROWS = 16;
    /** Floats of one row copied before moving to the next row of the group: 8 cache lines. */
    private static final int GATHER_CHUNK = 64;

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
