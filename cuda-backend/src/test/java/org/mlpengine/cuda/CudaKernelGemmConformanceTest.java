package org.mlpengine.cuda;

import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.conformance.BackendConformanceTest;

/** The shared conformance suite on CUDA with our own GEMM kernel, so it is checked even where cuBLAS loads. */
class CudaKernelGemmConformanceTest extends BackendConformanceTest {
    @Override
    protected BackendProvider provider() {
        return new CudaBackendProvider("kernel");
    }
}
