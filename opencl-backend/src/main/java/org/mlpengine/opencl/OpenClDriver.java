package org.mlpengine.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Bytes;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.core.backend.Resources;
import org.mlpengine.gpu.GpuBuffer;
import org.mlpengine.gpu.GpuDriver;
import org.mlpengine.gpu.GpuLimits;
import org.mlpengine.gpu.KernelArgs;
import org.mlpengine.kernels.Dialect;
import org.mlpengine.kernels.Kernel;
import org.mlpengine.kernels.KernelConstants;
import org.mlpengine.kernels.KernelSources;

/** The OpenCL driver of the GPU op layer: one context, one in-order queue, our program built from source at open. */
final class OpenClDriver implements GpuDriver {
    private final OpenClDevice device;
    private final DeviceInfo info;
    private final OpenClContext ctx;
    private final OpenClProgram program;
    private final GpuLimits limits;
    /** Kernel objects by {@link Kernel#ordinal()}. */
    private final cl_kernel[] kernels = new cl_kernel[Kernel.values().length];
    // Scalar scratch behind fixed pointers: clSetKernelArg copies the value at the call.
    private final int[] intValue = new int[1];
    private final float[] floatValue = new float[1];
    private final long[] longValue = new long[1];
    private final Pointer intPointer = Pointer.to(intValue);
    private final Pointer floatPointer = Pointer.to(floatValue);
    private final Pointer longPointer = Pointer.to(longValue);
    private final long[] global = new long[2];
    private final long[] local = new long[2];

    OpenClDriver(OpenClDevice device, int index) {
        this(device, index, null);
    }

    /** Opens {@code device}, building {@code source} instead of our kernels when not null (tests pass broken ones). */
    OpenClDriver(OpenClDevice device, int index, String source) {
        this.device = device;
        this.info = device.info(index);
        KernelConstants constants = new KernelConstants(gemmTileFor(device));
        OpenClContext c = new OpenClContext(device);
        OpenClProgram p = null;
        try {
            String text = source != null ? source : KernelSources.source(Dialect.OPENCL, constants);
            p = new OpenClProgram(c, text, "-cl-std=CL1.2");
            for (Kernel k : Kernel.values()) {
                kernels[k.ordinal()] = p.kernel(k.symbol());
            }
            this.limits = new GpuLimits(constants, blockSizeFor(device, p, constants), Integer.MAX_VALUE,
                    Integer.MAX_VALUE, device.globalMemBytes(), device.maxAllocBytes());
        } catch (RuntimeException e) {
            Resources.closeAfter(e, p, c);
            throw e;
        }
        this.ctx = c;
        this.program = p;
    }

    /** 32x32 tiles need 256 work-items and 8.3 KiB of local memory per group; smaller devices get 16x16. */
    private static int gemmTileFor(OpenClDevice d) {
        KernelConstants big = KernelConstants.DEFAULT;
        boolean fits = d.maxWorkGroupSize() >= big.gemmBlockSize()
                && d.localMemBytes() >= 2L * big.gemmTile() * (big.gemmTile() + 1) * Float.BYTES;
        return fits ? big.gemmTile() : big.gemmTile() / 2;
    }

    /** The largest power of two every non-GEMM kernel allows per group (at most REDUCE_MAX). */
    private static int blockSizeFor(OpenClDevice d, OpenClProgram p, KernelConstants constants) {
        long limit = Math.min(KernelConstants.REDUCE_MAX, d.maxWorkGroupSize());
        for (Kernel k : Kernel.values()) {
            long kernelLimit = p.workGroupLimit(k.symbol(), d.id());
            if (k.gemmShaped()) {
                if (kernelLimit < constants.gemmBlockSize()) {
                    throw new BackendException("opencl: " + k.symbol() + " needs " + constants.gemmBlockSize()
                            + " work-items per group, " + d.name() + " allows " + kernelLimit);
                }
            } else {
                limit = Math.min(limit, kernelLimit);
            }
        }
        int size = Integer.highestOneBit((int) limit);
        if (size < KernelConstants.COLUMN_SUMS_WIDTH) {
            throw new BackendException("opencl: " + d.name() + " allows only " + limit + " work-items per group, need "
                    + KernelConstants.COLUMN_SUMS_WIDTH);
        }
        return size;
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public GpuLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public GpuBuffer allocate(long bytes, String what) {
        int[] err = new int[1];
        cl_mem mem = CL.clCreateBuffer(ctx.context, CL.CL_MEM_READ_WRITE, bytes, null, err);
        if (err[0] != CL.CL_SUCCESS) {
            throw new BackendException("clCreateBuffer(" + Bytes.human(bytes) + " for " + what
                    + " on " + device.name() + "): " + OpenClErrors.name(err[0]));
        }
        OpenClBuffer b = new OpenClBuffer(mem, bytes);
        try {
            fill(b, 0, bytes / 4, 0);
        } catch (RuntimeException e) {
            CL.clReleaseMemObject(mem);
            throw e;
        }
        return b;
    }

    @Override
    public void free(GpuBuffer buffer) {
        // OpenCL keeps the memory until the commands that use it are done.
        OpenClErrors.check(CL.clReleaseMemObject(cl(buffer).mem), "clReleaseMemObject");
    }

    // Transfers block: the host array may change as soon as the call returns, and a read must wait anyway.
    @Override
    public void write(GpuBuffer dst, long dstOffset, float[] src, int srcIndex, int count) {
        write(dst, dstOffset, Pointer.to(src).withByteOffset(srcIndex * 4L), count);
    }

    @Override
    public void write(GpuBuffer dst, long dstOffset, int[] src, int srcIndex, int count) {
        write(dst, dstOffset, Pointer.to(src).withByteOffset(srcIndex * 4L), count);
    }

    private void write(GpuBuffer dst, long dstOffset, Pointer host, int count) {
        OpenClErrors.check(CL.clEnqueueWriteBuffer(ctx.queue, cl(dst).mem, CL.CL_TRUE, dstOffset * 4, count * 4L, host,
                0, null, null), "clEnqueueWriteBuffer");
    }

    @Override
    public void read(GpuBuffer src, long srcOffset, float[] dst, int dstIndex, int count) {
        read(src, srcOffset, Pointer.to(dst).withByteOffset(dstIndex * 4L), count);
    }

    @Override
    public void read(GpuBuffer src, long srcOffset, int[] dst, int dstIndex, int count) {
        read(src, srcOffset, Pointer.to(dst).withByteOffset(dstIndex * 4L), count);
    }

    private void read(GpuBuffer src, long srcOffset, Pointer host, int count) {
        OpenClErrors.check(CL.clEnqueueReadBuffer(ctx.queue, cl(src).mem, CL.CL_TRUE, srcOffset * 4, count * 4L, host,
                0, null, null), "clEnqueueReadBuffer");
    }

    @Override
    public void fill(GpuBuffer dst, long offset, long count, int bits) {
        intValue[0] = bits;
        OpenClErrors.check(CL.clEnqueueFillBuffer(ctx.queue, cl(dst).mem, intPointer, 4, offset * 4, count * 4,
                0, null, null), "clEnqueueFillBuffer");
    }

    private static OpenClBuffer cl(GpuBuffer b) {
        b.checkLive();
        return (OpenClBuffer) b;
    }

    // ---------------------------------------------------------------- launches

    @Override
    public void launch(Kernel kernel, KernelArgs args, int groupsX, int groupsY, int localX, int localY) {
        cl_kernel k = kernels[kernel.ordinal()];
        int p = 0;
        for (int i = 0; i < args.count(); i++) {
            switch (args.kind(i)) {
                case INT -> {
                    intValue[0] = args.intAt(i);
                    set(k, kernel, p++, Sizeof.cl_int, intPointer);
                }
                case FLOAT -> {
                    floatValue[0] = args.floatAt(i);
                    set(k, kernel, p++, Sizeof.cl_float, floatPointer);
                }
                case FLOATS, INTS -> {
                    set(k, kernel, p++, Sizeof.cl_mem, cl(args.bufferAt(i)).pointer);
                    longValue[0] = args.offsetAt(i);
                    set(k, kernel, p++, Sizeof.cl_long, longPointer);
                }
            }
        }
        global[0] = (long) groupsX * localX;
        global[1] = (long) groupsY * localY;
        local[0] = localX;
        local[1] = localY;
        int code = CL.clEnqueueNDRangeKernel(ctx.queue, k, 2, null, global, local, 0, null, null);
        if (code != CL.CL_SUCCESS) {
            throw OpenClErrors.error(code, "clEnqueueNDRangeKernel(" + kernel.symbol() + ")");
        }
    }

    private static void set(cl_kernel k, Kernel kernel, int index, int size, Pointer value) {
        int code = CL.clSetKernelArg(k, index, size, value);
        if (code != CL.CL_SUCCESS) {
            throw OpenClErrors.error(code, "clSetKernelArg(" + kernel.symbol() + ", " + index + ")");
        }
    }

    @Override
    public void synchronize() {
        ctx.finish();
    }

    @Override
    public void close() {
        Resources.closeAll(program, ctx);
    }
}
