package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.gpu.GpuBackend;

/** Opens the first OpenCL device for a test class, or skips the class (printing why) where OpenCL is missing. */
final class OpenClTestBackend {
    private OpenClTestBackend() {
    }

    static GpuBackend openOrSkip() {
        Availability a = new OpenClBackendProvider().probe();
        if (!a.available()) {
            System.out.println("[opencl tests] skipped: OpenCL unavailable: " + a.reason());
        }
        assumeTrue(a.available(), () -> "OpenCL unavailable: " + a.reason());
        return (GpuBackend) new OpenClBackendProvider().open(BackendOptions.DEFAULT);
    }
}
