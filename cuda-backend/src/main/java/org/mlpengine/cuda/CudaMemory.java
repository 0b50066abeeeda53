package org.mlpengine.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import org.mlpengine.core.backend.BackendException;

/** Device allocations of one backend: each one a cuMemAlloc, all freed on close if their owners forgot. */
final class CudaMemory implements AutoCloseable {
    private final CudaContext context;
    private final Set<Buffer> live = new LinkedHashSet<>();

    CudaMemory(CudaContext context) {
        this.context = context;
    }

    /** One cuMemAlloc, zero-filled (the SPI promises zeros). */
    Buffer allocate(long elements, String what) {
        long bytes = elements * Float.BYTES;
        context.makeCurrent();
        CUdeviceptr ptr = new CUdeviceptr();
        int result = cuMemAlloc(ptr, bytes);
        if (result != CUresult.CUDA_SUCCESS) {
            throw new BackendException("cuMemAlloc of " + CudaErrors.bytes(bytes) + " for " + what + " failed: "
                    + CUresult.stringFor(result) + freeAndTotal());
        }
        Buffer buffer = new Buffer(ptr, elements);
        live.add(buffer);
        CudaErrors.check(cuMemsetD32Async(ptr, 0, elements, context.stream()), "cuMemsetD32Async");
        return buffer;
    }

    void free(Buffer buffer) {
        if (live.remove(buffer)) {
            buffer.freed = true;
            // An op enqueued earlier may still use this memory.
            context.synchronize();
            CudaErrors.check(cuMemFree(buffer.ptr), "cuMemFree");
        }
    }

    int liveCount() {
        return live.size();
    }

    private static String freeAndTotal() {
        long[] free = new long[1];
        long[] total = new long[1];
        if (cuMemGetInfo(free, total) != CUresult.CUDA_SUCCESS) {
            return "";
        }
        return " (device has " + CudaErrors.bytes(free[0]) + " free of " + CudaErrors.bytes(total[0]) + ")";
    }

    @Override
    public void close() {
        BackendException first = null;
        for (Buffer b : new ArrayList<>(live)) {
            try {
                free(b);
            } catch (BackendException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One device allocation of 4-byte elements (floats or ints). */
    static final class Buffer {
        final CUdeviceptr ptr;
        final long elements;
        boolean freed;

        private Buffer(CUdeviceptr ptr, long elements) {
            this.ptr = ptr;
            this.elements = elements;
        }

        /** The address of element {@code offset}. */
        CUdeviceptr at(long offset) {
            if (freed) {
                throw new IllegalStateException("device memory used after close");
            }
            return offset == 0 ? ptr : ptr.withByteOffset(offset * 4);
        }
    }
}
