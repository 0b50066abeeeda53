package org.mlpengine.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;

/** Sets one kernel's arguments in order and enqueues it with explicit global and local sizes. */
final class OpenClLaunch {
    private final cl_command_queue queue;
    private final cl_kernel kernel;
    private final String name;
    private int index;

    OpenClLaunch(cl_command_queue queue, cl_kernel kernel, String name) {
        this.queue = queue;
        this.kernel = kernel;
        this.name = name;
    }

    OpenClLaunch arg(int v) {
        return set(Sizeof.cl_int, Pointer.to(new int[] {v}));
    }

    OpenClLaunch arg(float v) {
        return set(Sizeof.cl_float, Pointer.to(new float[] {v}));
    }

    /** A matrix is two arguments: its buffer and its element offset (a 64-bit offset_t). */
    OpenClLaunch arg(OpenClMatrix m) {
        set(Sizeof.cl_mem, Pointer.to(m.buffer.mem()));
        return set(Sizeof.cl_long, Pointer.to(new long[] {m.offset()}));
    }

    OpenClLaunch arg(OpenClInts v) {
        set(Sizeof.cl_mem, Pointer.to(v.buffer.mem()));
        return set(Sizeof.cl_long, Pointer.to(new long[] {v.offset()}));
    }

    /** One work-item per element of {@code n}, in groups of {@code local}. */
    void run1d(long n, int local) {
        enqueue(1, new long[] {roundUp(n, local)}, new long[] {local});
    }

    void run2d(long globalX, long globalY, int localX, int localY) {
        enqueue(2, new long[] {globalX, globalY}, new long[] {localX, localY});
    }

    private void enqueue(int dims, long[] global, long[] local) {
        OpenClErrors.check(CL.clEnqueueNDRangeKernel(queue, kernel, dims, null, global, local, 0, null, null),
                "clEnqueueNDRangeKernel(" + name + ")");
    }

    private OpenClLaunch set(int size, Pointer value) {
        OpenClErrors.check(CL.clSetKernelArg(kernel, index, size, value), "clSetKernelArg(" + name + ", " + index + ")");
        index++;
        return this;
    }

    static long roundUp(long n, long multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
