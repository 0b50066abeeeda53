package org.mlpengine.opencl;

import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.conformance.BackendConformanceTest;

/** The shared conformance suite on the first OpenCL device (PoCL in CI). */
class OpenClConformanceTest extends BackendConformanceTest {
    @Override
    protected BackendProvider provider() {
        return new OpenClBackendProvider();
    }
}
