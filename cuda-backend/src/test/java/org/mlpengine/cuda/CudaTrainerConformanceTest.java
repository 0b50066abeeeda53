package org.mlpengine.cuda;

import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.conformance.TrainerConformanceTest;

/** The trainer, step by step against the double reference, on CUDA (skipped without a GPU). */
class CudaTrainerConformanceTest extends TrainerConformanceTest {
    @Override
    protected BackendProvider provider() {
        return new CudaBackendProvider();
    }
}
