package org.mlpengine.kernels;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates the committed PTX from the CUDA dialect (hand-run, needs nvcc):
 * {@code java -cp kernels/target/classes:kernels/target/test-classes org.mlpengine.kernels.PtxGenerator}
 * from the repository root, after {@code mvn -q -o -pl kernels test-compile}.
 */
public final class PtxGenerator {
    static final Path TARGET = Path.of("kernels/src/main/resources/org/mlpengine/kernels", KernelSources.PTX_FILE);

    private PtxGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String nvcc = CudaTools.find("nvcc").orElseThrow(() -> new IllegalStateException("nvcc not found"));
        Path dir = Files.createTempDirectory("ptx");
        String ptx = CudaTools.ptx(nvcc, dir);
        // nvcc 13 can only emit its own ISA (9.0, drivers >= 580); the kernels use nothing newer than 7.5.
        String lowered = ptx.replaceFirst("(?m)^\\.version \\d+\\.\\d+$", ".version " + KernelSources.PTX_ISA);
        Files.writeString(TARGET, KernelSources.PTX_HASH_PREFIX + KernelSources.sha256(Dialect.CUDA) + "\n" + lowered);
        System.out.println("wrote " + TARGET);
    }
}
