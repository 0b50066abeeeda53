package org.mlpengine.opencl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.kernels.Kernel;

/** A program built once for one context and device, with one kernel object per kernel name. */
final class OpenClProgram implements AutoCloseable {
    private final cl_program program;
    private final Map<String, cl_kernel> kernels = new LinkedHashMap<>();
    private boolean closed;

    /**
     * Builds {@code source} with {@code options} and creates the named kernels.
     *
     * @throws BackendException naming the device, with the compiler's build log, when the build fails
     */
    OpenClProgram(OpenClContext ctx, String source, String options) {
        int[] err = new int[1];
        program = CL.clCreateProgramWithSource(ctx.context, 1, new String[] {source}, null, err);
        OpenClErrors.check(err[0], "clCreateProgramWithSource");
        try {
            int code = CL.clBuildProgram(program, 1, new cl_device_id[] {ctx.device.id()}, options, null, null);
            if (code != CL.CL_SUCCESS) {
                throw new BackendException("clBuildProgram(" + options + ") on " + ctx.device.name() + ": "
                        + OpenClErrors.name(code) + "; build log:\n" + buildLog(ctx.device.id()));
            }
            for (Kernel k : Kernel.values()) {
                cl_kernel created = CL.clCreateKernel(program, k.symbol(), err);
                OpenClErrors.check(err[0], "clCreateKernel(" + k.symbol() + ")");
                kernels.put(k.symbol(), created);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    cl_kernel kernel(String name) {
        cl_kernel k = kernels.get(name);
        if (k == null) {
            throw new IllegalStateException("no kernel named " + name + " in the program");
        }
        return k;
    }

    private String buildLog(cl_device_id device) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] bytes = new byte[(int) Math.max(1, size[0])];
        CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
        String log = OpenClDevices.cString(bytes).strip();
        return log.isEmpty() ? "(empty)" : log;
    }

    /** The most work-items per group {@code kernel} can run with on {@code device}. */
    long workGroupLimit(String name, cl_device_id device) {
        long[] v = new long[1];
        OpenClErrors.check(CL.clGetKernelWorkGroupInfo(kernel(name), device, CL.CL_KERNEL_WORK_GROUP_SIZE,
                Sizeof.size_t, Pointer.to(v), null), "clGetKernelWorkGroupInfo(" + name + ")");
        return v[0];
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (cl_kernel k : kernels.values()) {
            CL.clReleaseKernel(k);
        }
        kernels.clear();
        CL.clReleaseProgram(program);
    }
}
