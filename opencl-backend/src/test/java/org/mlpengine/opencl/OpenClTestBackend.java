package org.mlpengine.opencl;

import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.testing.Required;
import org.mlpengine.gpu.GpuBackend;

/**
 * Opens the first OpenCL device for a test, or skips the test (printing why) where OpenCL is missing; fails
 * instead where the run requires OpenCL ({@code MLPENGINE_REQUIRE=opencl}, as CI sets it).
 */
final class OpenClTestBackend {
    private OpenClTestBackend() {
    }

    static GpuBackend openOrSkip() {
        Required.backend("opencl", new OpenClBackendProvider().probe());
        return (GpuBackend) new OpenClBackendProvider().open(BackendOptions.DEFAULT);
    }
}
