package org.mlpengine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compiles the CUDA dialect with {@code nvcc -ptx} and assembles it with {@code ptxas -arch=sm_90}, so a CUDA
 * syntax slip fails the build on machines without a GPU. Skipped (with the reason) where the tools are missing.
 */
class CudaDialectCompileTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "GEMM_TILE={0}")
    @ValueSource(ints = {32, 16})
    void cudaDialectCompilesToPtxAndAssemblesForSm90(int tile) throws Exception {
        String ptx = CudaTools.ptx(tool("nvcc"), dir, new KernelConstants(tile));
        for (String name : Arrays.stream(Kernel.values()).map(Kernel::symbol).toList()) {
            assertTrue(ptx.contains(".entry " + name + "("), "PTX has an unmangled entry for " + name);
        }
        Path file = dir.resolve("check.ptx");
        Files.writeString(file, ptx);
        CudaTools.Result r = CudaTools.run(tool("ptxas"), "-arch=sm_90", file.toString(), "-o", dir.resolve("k.cubin").toString());
        assertEquals(0, r.status(), "ptxas -arch=sm_90 failed:\n" + r.output());
    }

    @Test
    void aSyntaxSlipFailsTheCompile() throws Exception {
        Path cu = dir.resolve("broken.cu");
        Files.writeString(cu, KernelSources.source(Dialect.CUDA) + "\nKERNEL void broken(int n) { n = ; }\n");
        CudaTools.Result r = CudaTools.run(tool("nvcc"), "-ptx", "-x", "cu", cu.toString(), "-o", dir.resolve("b.ptx").toString());
        assertNotEquals(0, r.status(), "nvcc rejects a broken kernel");
    }

    /** The tool's path; skips the test with the reason where it is not installed. */
    static String tool(String name) {
        var found = CudaTools.find(name);
        if (found.isEmpty()) {
            System.out.println("[kernels] CUDA check skipped: " + name + " not found on PATH or in /usr/local/cuda/bin");
        }
        assumeTrue(found.isPresent(), name + " not found on PATH or in /usr/local/cuda/bin");
        return found.get();
    }
}
