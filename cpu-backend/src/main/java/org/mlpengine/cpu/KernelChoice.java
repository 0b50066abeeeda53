package org.mlpengine.cpu;

/**
 * The kernels the backend runs: the Vector API ones only when {@code jdk.incubator.vector} is in the boot layer
 * ({@code java --add-modules jdk.incubator.vector}). The check comes before any class that touches the Vector API
 * is loaded, so without the module the backend falls back to the scalar kernels instead of crashing.
 */
record KernelChoice(GemmKernel gemm, ElementwiseKernel elementwise) {
    private static final String MODULE = "jdk.incubator.vector";

    private static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** The fastest kernels that run here. */
    static KernelChoice best() {
        if (!vectorModulePresent()) {
            return new KernelChoice(new ScalarGemmKernel("Vector API off: run java with --add-modules " + MODULE, true),
                    new ScalarElementwiseKernel());
        }
        return new KernelChoice(new VectorGemmKernel(), new VectorElementwiseKernel());
    }

    /**
     * The scalar kernels even where the Vector API runs, for comparisons: the gemm kernel takes the same gemm paths
     * as {@link #best()}'s.
     */
    static KernelChoice scalar() {
        return new KernelChoice(new ScalarGemmKernel("chosen explicitly", best().gemm().dots()),
                new ScalarElementwiseKernel());
    }

    /** For the device description: "Vector API, 16 floats per vector, ..." or why not. */
    String describe() {
        return gemm.describe();
    }
}
