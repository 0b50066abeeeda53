package org.mlpengine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.BackendException;

class CudaErrorsTest {

    @Test
    void aFailedCallNamesTheCallAndTheErrorName() {
        CudaErrors.check(CUresult.CUDA_SUCCESS, "cuInit");
        BackendException e = assertThrows(BackendException.class,
                () -> CudaErrors.check(CUresult.CUDA_ERROR_OUT_OF_MEMORY, "cuMemAlloc"));
        assertEquals("cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY", e.getMessage());
        BackendException b = assertThrows(BackendException.class,
                () -> CudaErrors.checkCublas(cublasStatus.CUBLAS_STATUS_NOT_INITIALIZED, "cublasCreate"));
        assertEquals("cublasCreate failed: CUBLAS_STATUS_NOT_INITIALIZED", b.getMessage());
    }

    /** JCuda writes the loader's reason into its error's text, among lines about java.library.path. */
    @Test
    void theLoaderLineIsPickedOutOfJcudasMessage() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCublas2-12.6.0-linux-x86_64\"\n"
                + "Operating system name: Linux\n"
                + "---(start of nested stack traces)---\n"
                + "Stack trace from the attempt to load the library as a file:\n"
                + "java.lang.UnsatisfiedLinkError: no JCublas2-12.6.0-linux-x86_64 in java.library.path: /usr/lib\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open"
                + " shared object file: No such file or directory\n"
                + "---(end of nested stack traces)---\n");
        assertEquals("libcublas.so.12 not loadable: libcublas.so.12: cannot open shared object file: No such file or directory",
                CudaErrors.notLoadable("libcublas.so.12", e));
    }

    @Test
    void otherLoadFailuresKeepTheirFirstLine() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("undefined symbol: cuFoo\nOperating system name: Linux");
        assertEquals("libcuda.so.1 not loadable: UnsatisfiedLinkError: undefined symbol: cuFoo",
                CudaErrors.notLoadable("libcuda.so.1", e));
    }

    @Test
    void aRejectedPtxReadsAsOneLineWithTheJitsFirstErrorThenTheLogs() {
        String log = "ptxas application ptx input, line 42; error   : Unknown modifier '.q32'\nptxas fatal   : Ptx assembly aborted";
        String text = CudaModule.loadError("CUDA_ERROR_INVALID_PTX", log, "info: 0 bytes stack frame");
        String[] lines = text.split("\n");
        assertEquals("cuModuleLoadDataEx(" + CudaModule.PTX_RESOURCE + ") failed: CUDA_ERROR_INVALID_PTX: "
                + "ptxas application ptx input, line 42; error   : Unknown modifier '.q32'", lines[0]);
        assertTrue(text.contains("JIT error log:\n" + log), text);
        assertTrue(text.endsWith("JIT info log:\ninfo: 0 bytes stack frame"), text);
        String noLog = CudaModule.loadError("CUDA_ERROR_INVALID_PTX", "", null);
        assertEquals("cuModuleLoadDataEx(" + CudaModule.PTX_RESOURCE + ") failed: CUDA_ERROR_INVALID_PTX: "
                + "the driver's JIT left no error log", noLog);
    }
}
