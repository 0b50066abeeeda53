package org.mlpengine.gpu;

import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.backend.Shapes;

/** A float matrix in a device buffer: the owner of the buffer, or a view of consecutive rows at an element offset. */
public final class GpuMatrix implements DeviceMatrix {
    final GpuBackend backend;
    private final GpuBuffer buffer;
    private final long offset;
    private final int rows;
    private final int cols;
    private final boolean owner;

    GpuMatrix(GpuBackend backend, GpuBuffer buffer, long offset, int rows, int cols, boolean owner) {
        this.backend = backend;
        this.buffer = buffer;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.owner = owner;
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
        return offset;
    }

    /** The allocation this matrix lives in (a view shares its owner's); throws if it was freed. */
    public GpuBuffer buffer() {
        buffer.checkLive();
        return buffer;
    }

    /** True when this matrix and {@code other} share at least one element of device memory. */
    boolean overlaps(GpuMatrix other) {
        return GpuBackend.overlaps(buffer, offset, size(), other.buffer, other.offset, other.size());
    }

    @Override
    public DeviceMatrix rowSlice(int start, int count) {
        Shapes.slice(start, count, rows, "rows");
        return new GpuMatrix(backend, buffer, offset + (long) start * cols, count, cols, false);
    }

    @Override
    public void close() {
        if (owner) {
            backend.release(buffer);
        }
    }

    @Override
    public String toString() {
        return backend.name() + " matrix " + shape() + (owner ? "" : " view at " + offset);
    }
}
