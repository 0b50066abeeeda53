package org.mlpengine.cpu;

import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.conformance.TrainerConformanceTest;

/** The trainer, step by step against the double reference, on the CPU backend. */
class CpuTrainerConformanceTest extends TrainerConformanceTest {
    @Override
    protected BackendProvider provider() {
        return new CpuBackendProvider();
    }
}
