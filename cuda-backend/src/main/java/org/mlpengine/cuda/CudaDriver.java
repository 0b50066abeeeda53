package org.mlpengine.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Bytes;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.core.backend.Resources;
import org.mlpengine.gpu.GpuBuffer;
import org.mlpengine.gpu.GpuDriver;
import org.mlpengine.gpu.GpuLimits;
import org.mlpengine.gpu.KernelArgs;
import org.mlpengine.gpu.LibraryGemm;
import org.mlpengine.kernels.Kernel;
import org.mlpengine.kernels.KernelConstants;

/**
 * The CUDA driver of the GPU op layer, on the driver API only (libcuda.so.1): the device's primary context, one
 * stream, our committed PTX (built with {@link KernelConstants#DEFAULT}), one cuMemAlloc per matrix, and cuBLAS for
 * plain GEMMs where it loads ({@link GemmChoice}).
 */
final class CudaDriver implements GpuDriver {
    private final CudaContext context;
    private final CudaModule module;
    private final CublasGemm cublas;
    private final DeviceInfo info;
    private final GpuLimits limits;
    /** Prebuilt kernel parameters by {@link Kernel#ordinal()}. */
    private final CudaLaunchParameters[] parameters = new CudaLaunchParameters[Kernel.values().length];

    CudaDriver(int deviceIndex, GemmChoice gemm) {
        this(deviceIndex, gemm, null);
    }

    /** Opens device {@code deviceIndex} with {@code ptx} instead of the committed PTX when not null (tests). */
    CudaDriver(int deviceIndex, GemmChoice gemm, byte[] ptx) {
        CudaContext c = null;
        CudaModule m = null;
        CublasGemm b = null;
        try {
            c = new CudaContext(deviceIndex);
            m = ptx == null ? new CudaModule(c) : new CudaModule(c, ptx);
            b = gemm.cublas() ? new CublasGemm(c) : null;
            info = CudaProbe.describe(deviceIndex, gemm);
            limits = new GpuLimits(KernelConstants.DEFAULT, KernelConstants.REDUCE_MAX,
                    c.attribute(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X), c.attribute(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y),
                    c.totalMemory(), c.totalMemory());
            for (Kernel k : Kernel.values()) {
                parameters[k.ordinal()] = new CudaLaunchParameters(k);
            }
        } catch (RuntimeException e) {
            Resources.closeAfter(e, b, m, c);
            throw e;
        }
        context = c;
        module = m;
        cublas = b;
    }

    @Override
    public String name() {
        return CudaBackendProvider.NAME;
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public GpuLimits limits() {
        return limits;
    }

    @Override
    public LibraryGemm libraryGemm() {
        return cublas;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public GpuBuffer allocate(long bytes, String what) {
        context.makeCurrent();
        CUdeviceptr ptr = new CUdeviceptr();
        int result = cuMemAlloc(ptr, bytes);
        if (result != CUresult.CUDA_SUCCESS) {
            throw new BackendException("cuda: cannot allocate " + Bytes.human(bytes) + " for " + what + " on "
                    + info.name() + ": cuMemAlloc failed: " + CUresult.stringFor(result) + freeAndTotal());
        }
        CudaBuffer b = new CudaBuffer(ptr, bytes);
        try {
            // The SPI promises zeros.
            CudaErrors.check(cuMemsetD32Async(ptr, 0, bytes / 4, context.stream()), "cuMemsetD32Async");
        } catch (RuntimeException e) {
            cuMemFree(ptr);
            throw e;
        }
        return b;
    }

    private static String freeAndTotal() {
        long[] free = new long[1];
        long[] total = new long[1];
        if (cuMemGetInfo(free, total) != CUresult.CUDA_SUCCESS) {
            return "";
        }
        return " (device has " + Bytes.human(free[0]) + " free of " + Bytes.human(total[0]) + ")";
    }

    @Override
    public void free(GpuBuffer buffer) {
        // An op enqueued earlier may still use this memory.
        context.synchronize();
        CudaErrors.check(cuMemFree(cu(buffer).ptr), "cuMemFree");
    }

    // The synchronous copies run on the legacy default stream, which our blocking stream is ordered with both ways.
    @Override
    public void write(GpuBuffer dst, long dstOffset, float[] src, int srcIndex, int count) {
        write(dst, dstOffset, Pointer.to(src).withByteOffset(srcIndex * 4L), count);
    }

    @Override
    public void write(GpuBuffer dst, long dstOffset, int[] src, int srcIndex, int count) {
        write(dst, dstOffset, Pointer.to(src).withByteOffset(srcIndex * 4L), count);
    }

    private void write(GpuBuffer dst, long dstOffset, Pointer host, int count) {
        context.makeCurrent();
        CudaErrors.check(cuMemcpyHtoD(cu(dst).at(dstOffset), host, count * 4L), "cuMemcpyHtoD");
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
        context.makeCurrent();
        CudaErrors.check(cuMemcpyDtoH(host, cu(src).at(srcOffset), count * 4L), "cuMemcpyDtoH");
    }

    @Override
    public void fill(GpuBuffer dst, long offset, long count, int bits) {
        context.makeCurrent();
        CudaErrors.check(cuMemsetD32Async(cu(dst).at(offset), bits, count, context.stream()), "cuMemsetD32Async");
    }

    private static CudaBuffer cu(GpuBuffer b) {
        b.checkLive();
        return (CudaBuffer) b;
    }

    // ---------------------------------------------------------------- launches

    @Override
    public void launch(Kernel kernel, KernelArgs args, int groupsX, int groupsY, int localX, int localY) {
        context.makeCurrent();
        CudaLaunchParameters p = parameters[kernel.ordinal()];
        p.set(args);
        int result = cuLaunchKernel(module.function(kernel), groupsX, groupsY, 1, localX, localY, 1, 0, context.stream(),
                p.packed, null);
        if (result != CUresult.CUDA_SUCCESS) {
            throw new BackendException("cuLaunchKernel(" + kernel.symbol() + ", grid " + groupsX + "x" + groupsY
                    + ", block " + localX + "x" + localY + ") failed: " + CUresult.stringFor(result));
        }
    }

    @Override
    public void synchronize() {
        context.synchronize();
    }

    /** Releases the module and the context (cuBLAS is closed by the op layer, which owns {@link #libraryGemm()}). */
    @Override
    public void close() {
        Resources.closeAll(module, context);
    }
}
