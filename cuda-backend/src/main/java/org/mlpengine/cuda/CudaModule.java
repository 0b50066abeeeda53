package org.mlpengine.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadDataJIT;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JITOptions;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.kernels.Kernel;

/** Our kernels: the committed PTX, JIT-compiled by the driver for the device at load, with its logs kept for errors. */
final class CudaModule implements AutoCloseable {
    /** Generated from the kernels module's CUDA dialect by {@code cuda-backend/ptx/generate-ptx.sh}. */
    static final String PTX_RESOURCE = "/org/mlpengine/cuda/kernels.ptx";
    private static final int LOG_BYTES = 16 * 1024;

    private final CudaContext context;
    private final CUmodule module = new CUmodule();
    /** Functions by {@link Kernel#ordinal()}. */
    private final CUfunction[] functions = new CUfunction[Kernel.values().length];
    private boolean loaded;

    CudaModule(CudaContext context) {
        this(context, ptx());
    }

    /** Loads {@code ptx} (tests pass corrupted text) and looks every kernel up, so a missing one fails now. */
    CudaModule(CudaContext context, byte[] ptx) {
        this.context = context;
        context.makeCurrent();
        JITOptions jit = new JITOptions();
        jit.putBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER, new byte[LOG_BYTES]);
        jit.putInt(CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, LOG_BYTES);
        jit.putBytes(CUjit_option.CU_JIT_INFO_LOG_BUFFER, new byte[LOG_BYTES]);
        jit.putInt(CUjit_option.CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, LOG_BYTES);
        // The driver wants a NUL-terminated image.
        byte[] image = Arrays.copyOf(ptx, ptx.length + 1);
        int result = cuModuleLoadDataJIT(module, Pointer.to(image), jit);
        if (result != CUresult.CUDA_SUCCESS) {
            throw new BackendException(loadError(CUresult.stringFor(result), jit.getString(CUjit_option.CU_JIT_ERROR_LOG_BUFFER),
                    jit.getString(CUjit_option.CU_JIT_INFO_LOG_BUFFER)));
        }
        loaded = true;
        try {
            for (Kernel k : Kernel.values()) {
                CUfunction f = new CUfunction();
                CudaErrors.check(cuModuleGetFunction(f, module, k.symbol()), "cuModuleGetFunction(" + k.symbol() + ")");
                functions[k.ordinal()] = f;
            }
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The error of a rejected PTX: one line naming the cause (the JIT's first error line), then the whole logs.
     * "cuModuleLoadDataEx(kernels.ptx) failed: CUDA_ERROR_INVALID_PTX: ptxas fatal : ...".
     */
    static String loadError(String result, String errorLog, String infoLog) {
        String error = errorLog == null ? "" : errorLog.strip();
        String info = infoLog == null ? "" : infoLog.strip();
        String first = error.isEmpty() ? "the driver's JIT left no error log" : error.lines().findFirst().orElse("");
        StringBuilder sb = new StringBuilder("cuModuleLoadDataEx(" + PTX_RESOURCE + ") failed: " + result + ": " + first);
        if (!error.isEmpty()) {
            sb.append("\nJIT error log:\n").append(error);
        }
        if (!info.isEmpty()) {
            sb.append("\nJIT info log:\n").append(info);
        }
        return sb.toString();
    }

    /** The committed PTX text as bytes. */
    static byte[] ptx() {
        try (InputStream in = CudaModule.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new BackendException("PTX resource " + PTX_RESOURCE + " missing from the cuda-backend jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CUfunction function(Kernel k) {
        return functions[k.ordinal()];
    }

    @Override
    public void close() {
        if (loaded) {
            loaded = false;
            context.makeCurrent();
            CudaErrors.check(cuModuleUnload(module), "cuModuleUnload");
        }
    }
}
