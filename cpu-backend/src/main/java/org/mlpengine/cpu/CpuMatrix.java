package org.mlpengine.cpu;

import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.backend.Shapes;

/** A matrix in a float[] of its owner; a view shares the owner's array at another offset. */
final class CpuMatrix implements DeviceMatrix {
    final CpuBackend backend;
    private final CpuMatrix owner;
    private final float[] data;
    /** Index of the first element in {@link #data()}: the owner's padding ({@link CpuMemory#ALIGN_PAD}) plus the view's offset. */
    final int offset;
    private final int rows;
    private final int cols;
    private volatile boolean closed;

    /** A new owned matrix of zeros. */
    CpuMatrix(CpuBackend backend, int rows, int cols) {
        Shapes.dims(rows, cols);
        this.backend = backend;
        this.owner = this;
        this.data = CpuMemory.floats((long) rows * cols, "a " + rows + "x" + cols + " matrix");
        this.offset = CpuMemory.ALIGN_PAD;
        this.rows = rows;
        this.cols = cols;
    }

    private CpuMatrix(CpuMatrix owner, int offset, int rows, int cols) {
        this.backend = owner.backend;
        this.owner = owner;
        this.data = owner.data;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    /** The storage; fails once the owner is closed. */
    float[] data() {
        if (owner.closed) {
            throw new IllegalStateException("matrix " + shape() + " used after it was closed");
        }
        return data;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public long offset() {
        return offset - CpuMemory.ALIGN_PAD; // in the owner's elements; the array starts with the alignment padding
    }

    @Override
    public DeviceMatrix rowSlice(int start, int count) {
        Shapes.slice(start, count, rows, "rows");
        return new CpuMatrix(owner, offset + start * cols, count, cols);
    }

    @Override
    public void close() {
        if (owner == this && !closed) {
            closed = true;
            backend.forget(this);
        }
    }
}
