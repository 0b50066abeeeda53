package org.mlpengine.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import org.mlpengine.core.backend.BackendException;

/** Our kernels: the committed PTX, JIT-compiled by the driver for the device at load. */
final class CudaModule implements AutoCloseable {
    /** Generated from the kernels module's CUDA dialect by {@code cuda-backend/ptx/generate-ptx.sh}. */
    static final String PTX_RESOURCE = "/org/mlpengine/cuda/kernels.ptx";

    private final CudaContext context;
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private boolean loaded;

    CudaModule(CudaContext context) {
        this.context = context;
        context.makeCurrent();
        byte[] ptx = ptx();
        // cuModuleLoadData wants a NUL-terminated image.
        byte[] image = java.util.Arrays.copyOf(ptx, ptx.length + 1);
        CudaErrors.check(cuModuleLoadData(module, image), "cuModuleLoadData(" + PTX_RESOURCE + ")");
        loaded = true;
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

    CUfunction function(String name) {
        return functions.computeIfAbsent(name, n -> {
            CUfunction f = new CUfunction();
            CudaErrors.check(cuModuleGetFunction(f, module, n), "cuModuleGetFunction(" + n + ")");
            return f;
        });
    }

    @Override
    public void close() {
        if (loaded) {
            loaded = false;
            functions.clear();
            context.makeCurrent();
            CudaErrors.check(cuModuleUnload(module), "cuModuleUnload");
        }
    }
}
