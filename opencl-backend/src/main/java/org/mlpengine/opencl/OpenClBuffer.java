package org.mlpengine.opencl;

import org.jocl.Pointer;
import org.jocl.cl_mem;
import org.mlpengine.gpu.GpuBuffer;

/** One OpenCL buffer. */
final class OpenClBuffer extends GpuBuffer {
    final cl_mem mem;
    /** A pointer to the handle, made once: kernel arguments take it on every launch. */
    final Pointer pointer;

    OpenClBuffer(cl_mem mem, long bytes) {
        super(bytes);
        this.mem = mem;
        this.pointer = Pointer.to(mem);
    }
}
