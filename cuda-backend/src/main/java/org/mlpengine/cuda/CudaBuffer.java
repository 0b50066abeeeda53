package org.mlpengine.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.mlpengine.gpu.GpuBuffer;

/** One cuMemAlloc. */
final class CudaBuffer extends GpuBuffer {
    final CUdeviceptr ptr;
    /** A pointer to the device address, made once: it is the kernel parameter for this buffer on every launch. */
    final Pointer parameter;

    CudaBuffer(CUdeviceptr ptr, long bytes) {
        super(bytes);
        this.ptr = ptr;
        this.parameter = Pointer.to(ptr);
    }

    /** The address of element {@code offset} (4-byte elements). */
    CUdeviceptr at(long offset) {
        checkLive();
        return offset == 0 ? ptr : ptr.withByteOffset(offset * 4);
    }
}
