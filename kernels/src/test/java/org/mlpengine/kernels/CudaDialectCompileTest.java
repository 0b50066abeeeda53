package org.mlpengine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compiles the CUDA dialect with {@code nvcc -ptx} and assembles it with {@code ptxas -arch=sm_90}, so a CUDA
 * syntax slip fails the build on machines without a GPU. Skipped (with the reason) where the tools are missing,
 * or where nvcc cannot compile even an empty kernel (no supported gcc): an error in our kernels still fails.
 */
class CudaDialectCompileTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "GEMM_TILE={0}")
    @ValueSource(ints = {32, 16})
    void cudaDialectCompilesToPtxAndAssemblesForSm90(int tile) throws Exception {
        String ptx = CudaToolchain.ptx(workingNvcc(), dir, new KernelConstants(tile));
        for (String name : Arrays.stream(Kernel.values()).map(Kernel::symbol).toList()) {
            assertTrue(ptx.contains(".entry " + name + "("), "PTX has an unmangled entry for " + name);
        }
        Path file = dir.resolve("check.ptx");
        Files.writeString(file, ptx);
        CudaToolchain.Result r = CudaToolchain.run(tool("ptxas"), "-arch=sm_90", file.toString(), "-o", dir.resolve("k.cubin").toString());
        assertEquals(0, r.status(), "ptxas -arch=sm_90 failed:\n" + r.output());
    }

    @Test
    void aSyntaxSlipFailsTheCompile() throws Exception {
        Path cu = dir.resolve("broken.cu");
        Files.writeString(cu, KernelSources.source(Dialect.CUDA) + "\nKERNEL void broken(int n) { n = ; }\n");
        CudaToolchain.Result r = CudaToolchain.run(workingNvcc(), "-ptx", "-x", "cu", cu.toString(), "-o", dir.resolve("b.ptx").toString());
        assertNotEquals(0, r.status(), "nvcc rejects a broken kernel");
        assertTrue(r.output().contains("broken.cu("), "the error is in our source:\n" + r.output());
    }

    /** With no gcc on its PATH, nvcc fails even on an empty kernel: a toolchain problem, reported as such. */
    @Test
    void nvccWithoutAHostCompilerIsAToolchainProblem() throws Exception {
        Path nvcc = Path.of(tool("nvcc")).toRealPath();
        Path bin = nvcc.getParent();
        assumeTrue(!Files.exists(bin.resolve("gcc")), "gcc lies beside nvcc in " + bin);
        Optional<String> problem = CudaToolchain.toolchainProblem(nvcc.toString(), dir, Map.of("PATH", bin.toString()));
        assertTrue(problem.isPresent(), "nvcc without gcc compiled a kernel");
        assertTrue(problem.get().startsWith("nvcc cannot compile even an empty kernel here"), problem.get());
        assertTrue(problem.get().contains("gcc"), problem.get());
    }

    /** nvcc, where it can compile here; skips the test with the reason where it is missing or has no usable gcc. */
    private String workingNvcc() throws Exception {
        String nvcc = tool("nvcc");
        Optional<String> problem = CudaToolchain.toolchainProblem(nvcc, dir, Map.of());
        problem.ifPresent(why -> System.out.println("[kernels] CUDA check skipped: " + why));
        assumeTrue(problem.isEmpty(), problem.orElse(""));
        return nvcc;
    }

    /** The tool's path; skips the test with the reason where it is not installed. */
    static String tool(String name) {
        var found = CudaToolchain.find(name);
        if (found.isEmpty()) {
            System.out.println("[kernels] CUDA check skipped: " + name + " not found on PATH or in /usr/local/cuda/bin");
        }
        assumeTrue(found.isPresent(), name + " not found on PATH or in /usr/local/cuda/bin");
        return found.get();
    }
}
