package org.mlpengine.opencl;

import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.conformance.TrainerConformanceTest;

/** The trainer, step by step against the double reference, on the first OpenCL device (PoCL in CI). */
class OpenClTrainerConformanceTest extends TrainerConformanceTest {
    @Override
    protected BackendProvider provider() {
        return new OpenClBackendProvider();
    }
}
