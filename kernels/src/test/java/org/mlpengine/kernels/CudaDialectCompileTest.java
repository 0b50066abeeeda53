package org.mlpengine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        String nvcc = tool("nvcc");
        String ptxas = tool("ptxas");
        Path cu = dir.resolve("mlp_kernels.cu");
        Files.writeString(cu, KernelSources.source(Dialect.CUDA), StandardCharsets.UTF_8);
        Path ptx = dir.resolve("mlp_kernels.ptx");
        run(nvcc, "-ptx", "-arch=compute_75", "-Werror", "all-warnings", "-DGEMM_TILE=" + tile,
                "-x", "cu", cu.toString(), "-o", ptx.toString());
        String text = Files.readString(ptx);
        for (String name : KernelSources.KERNEL_NAMES) {
            assertTrue(text.contains(".entry " + name + "("), "PTX has an unmangled entry for " + name);
        }
        run(ptxas, "-arch=sm_90", ptx.toString(), "-o", dir.resolve("mlp_kernels.cubin").toString());
    }

    @Test
    void aSyntaxSlipFailsTheCompile() throws Exception {
        String nvcc = tool("nvcc");
        Path cu = dir.resolve("broken.cu");
        Files.writeString(cu, KernelSources.source(Dialect.CUDA) + "\nKERNEL void broken(int n) { n = ; }\n");
        Process p = new ProcessBuilder(nvcc, "-ptx", "-x", "cu", cu.toString(), "-o", dir.resolve("b.ptx").toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, "nvcc rejects a broken kernel");
    }

    /** The tool on PATH or in /usr/local/cuda/bin; skips the test with the reason when neither has it. */
    private static String tool(String name) {
        List<Path> places = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                places.add(Path.of(d, name));
            }
        }
        places.add(Path.of("/usr/local/cuda/bin", name));
        for (Path p : places) {
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        System.out.println("[CudaDialectCompileTest] skipped: " + name + " not found on PATH or in /usr/local/cuda/bin");
        assumeTrue(false, name + " not found on PATH or in /usr/local/cuda/bin");
        return null;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
    }
}
