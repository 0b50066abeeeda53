package org.mlpengine.cuda;


import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendException;

/** Turns CUDA and cuBLAS status codes and native-loading failures into one-line messages. */
final class CudaErrors {
    private CudaErrors() {
    }

    /** Throws a {@link BackendException} naming {@code call} and the error's name unless {@code result} is success. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new BackendException(call + " failed: " + CUresult.stringFor(result));
        }
    }

    static void checkCublas(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new BackendException(call + " failed: " + cublasStatus.stringFor(status));
        }
    }

    /**
     * "libcuda.so.1 not loadable: libcuda.so.1: cannot open shared object file: ...".
     * JCuda packs the real reason into the text of its UnsatisfiedLinkError (not into a cause):
     * the line that names {@code library} is the one worth showing.
     */
    static String notLoadable(String library, Throwable t) {
        String text = String.valueOf(t.getMessage());
        String reason = null;
        for (String line : text.split("\n")) {
            int at = line.indexOf(library + ":");
            if (at >= 0) {
                reason = line.substring(at).trim();
            }
        }
        if (reason == null) {
            reason = Availability.describe(t);
            int cut = reason.indexOf("Operating system name");
            if (cut > 0) {
                reason = reason.substring(0, cut).trim();
            }
        }
        return library + " not loadable: " + reason;
    }
}
