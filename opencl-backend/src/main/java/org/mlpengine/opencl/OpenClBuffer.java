package org.mlpengine.opencl;

import org.jocl.Pointer;
import org.jocl.cl_mem;

/** One device allocation, shared by an owning matrix (or int vector) and its views. */
final class OpenClBuffer {
    private final cl_mem mem;
    /** A pointer to the handle, made once: kernel arguments take it on every launch. */
    private final Pointer pointer;
    final long bytes;
    private boolean released;

    OpenClBuffer(cl_mem mem, long bytes) {
        this.mem = mem;
        this.pointer = Pointer.to(mem);
        this.bytes = bytes;
    }

    cl_mem mem() {
        if (released) {
            throw new IllegalStateException("device matrix used after it (or its owner, or the backend) was closed");
        }
        return mem;
    }

    /** The pointer to pass to {@code clSetKernelArg}. */
    Pointer pointer() {
        mem();
        return pointer;
    }

    /** Marks the buffer released and hands back the handle to free, once. */
    cl_mem release() {
        released = true;
        return mem;
    }
}
