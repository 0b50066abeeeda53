package org.mlpengine.cuda;

import java.util.Locale;
import org.mlpengine.core.backend.BackendException;

/**
 * Which GEMM a run uses: cuBLAS where libcublas.so.12 loads, else our own tiled kernel.
 * {@code -Dcuda.gemm=cublas|kernel|auto} (default auto) forces one, to test both.
 *
 * @param cublas      true for cuBLAS, false for the own kernel
 * @param description for device details: "cuBLAS (libcublas.so.12)", "own kernel (why)"
 */
record GemmChoice(boolean cublas, String description) {
    static final String PROPERTY = "cuda.gemm";

    static GemmChoice fromProperty() {
        return resolve(System.getProperty(PROPERTY, "auto"));
    }

    static GemmChoice resolve(String mode) {
        String m = mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "kernel":
                return new GemmChoice(false, "own kernel (-D" + PROPERTY + "=kernel)");
            case "cublas": {
                String failure = NativeLibraries.cublasFailure();
                if (failure != null) {
                    throw new BackendException("-D" + PROPERTY + "=cublas, but " + failure);
                }
                return new GemmChoice(true, "cuBLAS (-D" + PROPERTY + "=cublas)");
            }
            case "auto": {
                String failure = NativeLibraries.cublasFailure();
                return failure == null
                        ? new GemmChoice(true, "cuBLAS (" + NativeLibraries.CUBLAS + ")")
                        : new GemmChoice(false, "own kernel (" + failure + ")");
            }
            default:
                throw new BackendException("-D" + PROPERTY + " must be cublas, kernel or auto, got '" + mode + "'");
        }
    }
}
