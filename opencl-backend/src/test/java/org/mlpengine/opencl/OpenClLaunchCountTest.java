package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.conformance.PrimitivesOnly;
import org.mlpengine.core.conformance.StepLaunches;
import org.mlpengine.gpu.GpuBackend;

/**
 * Launches per training step through the real Trainer path (the same {@link StepLaunches} logic the CUDA backend's
 * test uses): 7 with the fused kernels, 13 with the primitives composed. A regression that splits a fused op back
 * into primitives fails here.
 */
class OpenClLaunchCountTest {

    @Test
    void aTrainingStepIsSevenLaunchesWithTheFusedOpsAndThirteenWithout() {
        try (GpuBackend be = OpenClTestBackend.openOrSkip()) {
            long composed = StepLaunches.perTrainingStep(new PrimitivesOnly(be), be::launches);
            long fused = StepLaunches.perTrainingStep(be, be::launches);
            System.out.println("[OpenClLaunchCountTest] launches per training step: " + composed
                    + " with the primitives composed, " + fused + " with the fused ops");
            assertEquals(StepLaunches.COMPOSED, composed, "primitives only");
            assertEquals(StepLaunches.FUSED, fused, "fused ops");
        }
    }
}
