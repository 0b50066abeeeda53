package org.mlpengine.cpu;

import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.conformance.BackendConformanceTest;

/** The shared conformance suite on the CPU backend. */
class CpuConformanceTest extends BackendConformanceTest {
    @Override
    protected BackendProvider provider() {
        return new CpuBackendProvider();
    }
}
