package org.mlpengine.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import java.util.HashMap;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import org.mlpengine.kernels.KernelSources;

/** Launches the kernels of our module on the backend's stream, and counts the launches. The caller makes the context current. */
final class CudaKernels {
    /** Threads per block of the one-thread-per-element kernels. */
    static final int BLOCK = 256;

    private final CudaContext context;
    private final Map<String, CUfunction> functions = new HashMap<>();
    private long launches;

    CudaKernels(CudaContext context, CudaModule module) {
        this.context = context;
        // Look every kernel up at open, so a PTX that lacks one fails then, not mid-training.
        for (String name : KernelSources.KERNEL_NAMES) {
            functions.put(name, module.function(name));
        }
    }

    /** One thread per element: {@code n} threads in blocks of {@link #BLOCK}. */
    void launch1d(String kernel, long n, Object... args) {
        launch(kernel, blocks(n, BLOCK), 1, BLOCK, 1, args);
    }

    /**
     * Enqueues {@code kernel} on a {@code gridX x gridY} grid of {@code blockX x blockY} blocks.
     * Arguments: {@link CUdeviceptr}, {@link Integer} (int), {@link Long} (offset_t), {@link Float}.
     */
    void launch(String kernel, int gridX, int gridY, int blockX, int blockY, Object... args) {
        CUfunction f = functions.get(kernel);
        if (f == null) {
            throw new IllegalArgumentException("no kernel named " + kernel);
        }
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = parameter(args[i]);
        }
        CudaErrors.check(cuLaunchKernel(f, gridX, gridY, 1, blockX, blockY, 1, 0, context.stream(),
                Pointer.to(params), null), "cuLaunchKernel(" + kernel + ")");
        launches++;
    }

    /** A cuBLAS call enqueued on the same stream counts as one launch. */
    void countLibraryCall() {
        launches++;
    }

    long launches() {
        return launches;
    }

    static int blocks(long n, int per) {
        return (int) ((n + per - 1) / per);
    }

    private static Pointer parameter(Object arg) {
        if (arg instanceof CUdeviceptr) {
            return Pointer.to((CUdeviceptr) arg);
        } else if (arg instanceof Integer) {
            return Pointer.to(new int[] {(Integer) arg});
        } else if (arg instanceof Long) {
            return Pointer.to(new long[] {(Long) arg});
        } else if (arg instanceof Float) {
            return Pointer.to(new float[] {(Float) arg});
        }
        throw new IllegalArgumentException("unsupported kernel argument " + arg);
    }
}
