package org.mlpengine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PTX committed for machines without nvcc: current, complete, and (where ptxas exists) valid for sm_90. */
class CommittedPtxTest {

    @Test
    void committedPtxWasGeneratedFromTheCurrentSource() {
        String first = KernelSources.ptx().lines().findFirst().orElse("");
        assertEquals(KernelSources.PTX_HASH_PREFIX + KernelSources.sha256(Dialect.CUDA), first,
                "mlp_kernels.ptx is stale: regenerate it with `mvn -q -o -pl kernels test-compile && java -cp "
                        + "kernels/target/classes:kernels/target/test-classes org.mlpengine.kernels.PtxGenerator`");
    }

    @Test
    void committedPtxHasEveryKernelAndTheLoweredIsa() {
        String ptx = KernelSources.ptx();
        assertTrue(ptx.contains("\n.version " + KernelSources.PTX_ISA + "\n"), "PTX ISA " + KernelSources.PTX_ISA);
        for (String name : KernelSources.KERNEL_NAMES) {
            assertTrue(ptx.contains(".entry " + name + "("), "PTX has an entry for " + name);
        }
    }

    @Test
    void committedPtxAssemblesForSm90(@TempDir Path dir) throws Exception {
        String ptxas = CudaDialectCompileTest.tool("ptxas");
        Path file = dir.resolve("mlp_kernels.ptx");
        Files.writeString(file, KernelSources.ptx());
        CudaTools.Result r = CudaTools.run(ptxas, "-arch=sm_90", file.toString(), "-o", dir.resolve("k.cubin").toString());
        assertEquals(0, r.status(), "ptxas -arch=sm_90 failed:\n" + r.output());
    }
}
