package org.mlpengine.cuda;

import jcuda.driver.CUdeviceptr;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.backend.Shapes;

/** A float matrix in one cuMemAlloc, or a view of consecutive rows of one. */
final class CudaMatrix implements DeviceMatrix {
    final CudaBackend owner;
    private final CudaMemory.Buffer buffer;
    private final int rows;
    private final int cols;
    private final long offset;
    private final boolean view;

    CudaMatrix(CudaBackend owner, CudaMemory.Buffer buffer, int rows, int cols, long offset, boolean view) {
        this.owner = owner;
        this.buffer = buffer;
        this.rows = rows;
        this.cols = cols;
        this.offset = offset;
        this.view = view;
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

    /** The address of element (0,0). */
    CUdeviceptr pointer() {
        return buffer.at(offset);
    }

    /** The start of the whole allocation, for kernels that take an element offset beside it. */
    CUdeviceptr base() {
        return buffer.at(0);
    }

    /** True when this matrix and {@code other} share at least one element of device memory. */
    boolean overlaps(CudaMatrix other) {
        return buffer == other.buffer && offset < other.offset + other.size() && other.offset < offset + size();
    }

    @Override
    public DeviceMatrix rowSlice(int start, int count) {
        Shapes.slice(start, count, rows, "rows");
        return new CudaMatrix(owner, buffer, count, cols, offset + (long) start * cols, true);
    }

    @Override
    public void close() {
        if (!view) {
            owner.free(buffer);
        }
    }

    @Override
    public String toString() {
        return "cuda matrix " + shape() + (offset == 0 ? "" : " at offset " + offset);
    }
}
