package org.mlpengine.cuda;

import jcuda.driver.CUdeviceptr;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.Shapes;

/** An int vector in one cuMemAlloc, or a view of a range of one. */
final class CudaInts implements DeviceInts {
    final CudaBackend owner;
    private final CudaMemory.Buffer buffer;
    private final int length;
    private final long offset;
    private final boolean view;

    CudaInts(CudaBackend owner, CudaMemory.Buffer buffer, int length, long offset, boolean view) {
        this.owner = owner;
        this.buffer = buffer;
        this.length = length;
        this.offset = offset;
        this.view = view;
    }

    /** True when this vector and {@code other} share at least one element of device memory. */
    boolean overlaps(CudaInts other) {
        return buffer == other.buffer && offset < other.offset + other.length && other.offset < offset + length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public long offset() {
        return offset;
    }

    CUdeviceptr pointer() {
        return buffer.at(offset);
    }

    CUdeviceptr base() {
        return buffer.at(0);
    }

    @Override
    public DeviceInts slice(int start, int count) {
        Shapes.slice(start, count, length, "ints");
        return new CudaInts(owner, buffer, count, offset + start, true);
    }

    @Override
    public void close() {
        if (!view) {
            owner.free(buffer);
        }
    }

    @Override
    public String toString() {
        return "cuda ints[" + length + "]" + (offset == 0 ? "" : " at offset " + offset);
    }
}
