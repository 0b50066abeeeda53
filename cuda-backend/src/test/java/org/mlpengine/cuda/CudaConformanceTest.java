package org.mlpengine.cuda;

import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.conformance.BackendConformanceTest;

/** The shared conformance suite on CUDA, with the GEMM of -Dcuda.gemm (cuBLAS where libcublas.so.12 loads). */
class CudaConformanceTest extends BackendConformanceTest {
    @Override
    protected BackendProvider provider() {
        return new CudaBackendProvider();
    }
}
