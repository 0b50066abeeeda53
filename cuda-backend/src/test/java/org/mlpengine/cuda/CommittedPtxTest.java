package org.mlpengine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.kernels.CudaToolchain;
import org.mlpengine.kernels.Kernel;

/**
 * The committed PTX is what the kernels module's CUDA dialect compiles to today, and a CUDA 12 driver can load it.
 * Stale PTX fails here; {@code cuda-backend/ptx/generate-ptx.sh} rewrites it.
 */
class CommittedPtxTest {
    private static final String STALE = "the committed PTX is stale: run cuda-backend/ptx/generate-ptx.sh and commit "
            + "cuda-backend/" + PtxGenerator.COMMITTED;

    @TempDir
    Path dir;

    private static String committed() {
        return new String(CudaModule.ptx(), StandardCharsets.UTF_8);
    }

    /** Runs without nvcc: the header's hash of the source it was made from must match the source now. */
    @Test
    void committedPtxWasMadeFromTheCurrentKernelSources() {
        assertEquals(PtxGenerator.sourceHash(), PtxGenerator.hashOf(committed()), STALE);
    }

    @Test
    void committedPtxHasEveryKernelAtALoweredIsa() {
        String ptx = committed();
        assertTrue(ptx.contains("\n.version " + PtxGenerator.PTX_ISA + "\n"), "PTX ISA " + PtxGenerator.PTX_ISA);
        assertTrue(ptx.contains("\n.target sm_75\n"), "targets sm_75");
        for (Kernel k : Kernel.values()) {
            assertTrue(ptx.contains(".entry " + k.symbol() + "("), "PTX has an entry for " + k.symbol());
        }
    }

    /**
     * With nvcc: regenerates and compares byte for byte. With {@code -Dptx.write=true} (the script) it writes the
     * file instead. Another nvcc release may emit other code for the same source, so then only the hash test guards.
     * Skipped where nvcc is missing or has no usable gcc (see {@link CudaTools#requireWorkingNvcc}).
     */
    @Test
    void regeneratedPtxEqualsTheCommittedOne() throws Exception {
        String nvcc = CudaToolchain.requireWorkingNvcc("CommittedPtxTest", dir);
        String fresh = PtxGenerator.generate(nvcc, dir);
        if (Boolean.getBoolean("ptx.write")) {
            Files.writeString(PtxGenerator.COMMITTED, fresh, StandardCharsets.UTF_8);
            System.out.println("[CommittedPtxTest] wrote " + PtxGenerator.COMMITTED.toAbsolutePath());
            return;
        }
        String old = committed();
        String made = PtxGenerator.nvccRelease(old);
        String here = PtxGenerator.nvccRelease(fresh);
        if (!made.equals(here)) {
            CudaToolchain.skip("CommittedPtxTest", "committed PTX was made by nvcc " + made + ", this one is " + here
                    + "; byte comparison skipped (the source hash test still applies)");
        }
        assertEquals(fresh, old, STALE);
    }

    /** With no gcc on its PATH, nvcc fails even on an empty kernel: a toolchain problem, reported as such. */
    @Test
    void nvccWithoutAHostCompilerIsAToolchainProblem() throws Exception {
        Path nvcc = Path.of(CudaToolchain.require("nvcc", "CommittedPtxTest")).toRealPath();
        Path bin = nvcc.getParent();
        assumeFalse(Files.exists(bin.resolve("gcc")), "gcc lies beside nvcc in " + bin);
        Optional<String> problem = CudaToolchain.toolchainProblem(nvcc.toString(), dir, Map.of("PATH", bin.toString()));
        assertTrue(problem.isPresent(), "nvcc without gcc compiled a kernel");
        assertTrue(problem.get().startsWith("nvcc cannot compile even an empty kernel here"), problem.get());
        assertTrue(problem.get().contains("gcc"), problem.get());
    }

    /** ptxas checks the lowered PTX for the H200 (sm_90) and reports registers and spills. */
    @Test
    void ptxasAssemblesTheCommittedPtxForSm90() throws Exception {
        String ptxas = CudaToolchain.require("ptxas", "CommittedPtxTest");
        Path ptx = dir.resolve("kernels.ptx");
        Files.write(ptx, CudaModule.ptx());
        CudaToolchain.Result r = CudaToolchain.run(ptxas, "-arch=sm_90", "-v", ptx.toString(),
                "-o", dir.resolve("kernels.cubin").toString());
        System.out.println("[CommittedPtxTest] ptxas -arch=sm_90:\n" + r.output());
        assertEquals(0, r.status(), "ptxas failed:\n" + r.output());
        assertTrue(Files.size(dir.resolve("kernels.cubin")) > 0, "ptxas wrote a cubin");
    }
}
