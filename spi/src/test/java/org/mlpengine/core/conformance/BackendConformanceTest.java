package org.mlpengine.core.conformance;

import org.mlpengine.core.testing.Required;

/**
 * The conformance suite, written once: each backend module subclasses it and names its provider.
 * Every op of the SPI is compared with the double reference ({@code org.mlpengine.core.reference})
 * on seeded random inputs of awkward shapes; the test groups live in the interfaces implemented here.
 * If the provider is unavailable, every test is skipped through an assumption that gives the provider's reason
 * (or fails, where the run requires the backend: {@link Required}).
 */
public abstract class BackendConformanceTest extends BackendFixture implements MemoryConformance, GemmConformance,
        ElementwiseConformance, ReductionConformance, GatherConformance, ShapeConformance, TrainingConformance,
        FusedOpsConformance {

    @Override
    protected String suite() {
        return "conformance";
    }
}
