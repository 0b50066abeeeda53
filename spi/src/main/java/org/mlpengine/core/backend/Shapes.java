package org.mlpengine.core.backend;

/** Shape checks shared by every backend, so they all reject the same mistakes with the same words. */
public final class Shapes {
    private Shapes() {
    }

    public static void gemm(boolean transA, boolean transB, DeviceMatrix a, DeviceMatrix b, DeviceMatrix c) {
        int m = transA ? a.cols() : a.rows();
        int ka = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (ka != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shape mismatch: op(A) " + m + "x" + ka + " (A " + a.shape()
                    + (transA ? ", transposed" : "") + ") times op(B) " + kb + "x" + n + " (B " + b.shape()
                    + (transB ? ", transposed" : "") + ") into C " + c.shape());
        }
    }

    /** {@link Backend#linearSigmoid}: x B x K, w N x K, bias 1 x N, out B x N. */
    public static void linearSigmoid(DeviceMatrix x, DeviceMatrix w, DeviceMatrix bias, DeviceMatrix out) {
        gemm(false, true, x, w, out);
        row("linearSigmoid", bias, w.rows());
    }

    /** {@link Backend#backpropSigmoid}: delta B x N, w N x K, a and out B x K. */
    public static void backpropSigmoid(DeviceMatrix delta, DeviceMatrix w, DeviceMatrix a, DeviceMatrix out) {
        gemm(false, false, delta, w, out);
        same("backpropSigmoid", a, out);
    }

    /** {@link Backend#sgdUpdate}: delta B x N, input B x K, w N x K, bias 1 x N. */
    public static void sgdUpdate(DeviceMatrix delta, DeviceMatrix input, DeviceMatrix w, DeviceMatrix bias) {
        gemm(true, false, delta, input, w);
        row("sgdUpdate", bias, w.rows());
    }

    /** {@link Backend#gatherBatch}: as gatherRows and gatherInts with the same indices. */
    public static void gatherBatch(DeviceMatrix srcX, DeviceInts indices, DeviceMatrix dstX, DeviceInts dstY) {
        length("gatherBatch", indices, dstX.rows());
        length("gatherBatch", dstY, dstX.rows());
        if (srcX.cols() != dstX.cols()) {
            throw new IllegalArgumentException("gatherBatch: column counts differ: src " + srcX.shape() + " vs dst "
                    + dstX.shape());
        }
    }

    public static void same(String op, DeviceMatrix x, DeviceMatrix y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ: " + x.shape() + " vs " + y.shape());
        }
    }

    public static void row(String op, DeviceMatrix row, int cols) {
        if (row.rows() != 1 || row.cols() != cols) {
            throw new IllegalArgumentException(op + ": expected a 1x" + cols + " row, got " + row.shape());
        }
    }

    public static void length(String op, DeviceInts v, int length) {
        if (v.length() != length) {
            throw new IllegalArgumentException(op + ": expected " + length + " ints, got " + v.length());
        }
    }

    public static void hostRange(String op, int hostLength, int offset, long count) {
        if (offset < 0 || offset + count > hostLength) {
            throw new IllegalArgumentException(op + ": host array of " + hostLength + " cannot hold " + count
                    + " elements at offset " + offset);
        }
    }

    public static void slice(int start, int count, int total, String what) {
        if (start < 0 || count < 0 || (long) start + count > total) {
            throw new IllegalArgumentException("slice [" + start + ", " + (start + (long) count) + ") out of " + total + " " + what);
        }
    }

    public static void dims(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("matrix dimensions must be positive, got " + rows + "x" + cols);
        }
    }
}
