package org.mlpengine.cpu;

/**
 * Picks the gemm kernel. The Vector API kernel is used only when {@code jdk.incubator.vector} is in the
 * boot layer ({@code java --add-modules jdk.incubator.vector}); the check comes before any class that
 * touches the Vector API is loaded, so without the module the backend falls back instead of crashing.
 */
final class Kernels {
    private static final String MODULE = "jdk.incubator.vector";

    private Kernels() {
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** The fastest kernel that runs here. */
    static GemmKernel best() {
        if (!vectorModulePresent()) {
            return new ScalarGemmKernel("Vector API off: run java with --add-modules " + MODULE);
        }
        return new VectorGemmKernel();
    }

    /** The scalar kernel even where the Vector API runs, for comparisons. */
    static GemmKernel scalar() {
        return new ScalarGemmKernel("chosen explicitly");
    }
}
