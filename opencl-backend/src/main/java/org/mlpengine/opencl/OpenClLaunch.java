package org.mlpengine.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;

/**
 * Sets one kernel's arguments in order and enqueues it with explicit global and local sizes.
 *
 * <p>One instance per backend is reused for every launch, with scalar scratch arrays behind fixed pointers
 * ({@code clSetKernelArg} copies the value at the call) and error texts built only on failure, so a
 * training step allocates nothing on the host.
 */
final class OpenClLaunch {
    private final cl_command_queue queue;
    private final int[] intValue = new int[1];
    private final float[] floatValue = new float[1];
    private final long[] longValue = new long[1];
    private final Pointer intPointer = Pointer.to(intValue);
    private final Pointer floatPointer = Pointer.to(floatValue);
    private final Pointer longPointer = Pointer.to(longValue);
    private final long[] global = new long[2];
    private final long[] local = new long[2];
    private cl_kernel kernel;
    private String name;
    private int index;

    OpenClLaunch(cl_command_queue queue) {
        this.queue = queue;
    }

    /** Starts setting up a launch of {@code kernel}; the previous launch must have been enqueued. */
    OpenClLaunch of(cl_kernel kernel, String name) {
        this.kernel = kernel;
        this.name = name;
        this.index = 0;
        return this;
    }

    OpenClLaunch arg(int v) {
        intValue[0] = v;
        return set(Sizeof.cl_int, intPointer);
    }

    OpenClLaunch arg(float v) {
        floatValue[0] = v;
        return set(Sizeof.cl_float, floatPointer);
    }

    /** A matrix is two arguments: its buffer and its element offset (a 64-bit offset_t). */
    OpenClLaunch arg(OpenClMatrix m) {
        set(Sizeof.cl_mem, m.buffer.pointer());
        longValue[0] = m.offset();
        return set(Sizeof.cl_long, longPointer);
    }

    OpenClLaunch arg(OpenClInts v) {
        set(Sizeof.cl_mem, v.buffer.pointer());
        longValue[0] = v.offset();
        return set(Sizeof.cl_long, longPointer);
    }

    /** One work-item per element of {@code n}, in groups of {@code local}. */
    void run1d(long n, int localSize) {
        global[0] = roundUp(n, localSize);
        local[0] = localSize;
        enqueue(1);
    }

    void run2d(long globalX, long globalY, int localX, int localY) {
        global[0] = globalX;
        global[1] = globalY;
        local[0] = localX;
        local[1] = localY;
        enqueue(2);
    }

    private void enqueue(int dims) {
        int code = CL.clEnqueueNDRangeKernel(queue, kernel, dims, null, global, local, 0, null, null);
        if (code != CL.CL_SUCCESS) {
            throw OpenClErrors.error(code, "clEnqueueNDRangeKernel(" + name + ")");
        }
    }

    private OpenClLaunch set(int size, Pointer value) {
        int code = CL.clSetKernelArg(kernel, index, size, value);
        if (code != CL.CL_SUCCESS) {
            throw OpenClErrors.error(code, "clSetKernelArg(" + name + ", " + index + ")");
        }
        index++;
        return this;
    }

    static long roundUp(long n, long multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
