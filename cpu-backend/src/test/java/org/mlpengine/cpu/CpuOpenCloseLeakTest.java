package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.testing.OpenCloseLeakCheck;

/**
 * Opening and closing the CPU backend 1,000 times (each with allocations, a GEMM, a fused op and a reduction)
 * leaks no native memory (worker threads and their stacks are the CPU backend's native resources). Measured in
 * a child JVM with a pre-touched 64 MiB heap; prints the figures. {@code -Dleak.cycles=N} for another count.
 */
class CpuOpenCloseLeakTest {
    @Test
    void thousandOpenCloseCyclesKeepTheResidentSetFlat() throws Exception {
        assumeTrue(OpenCloseLeakCheck.rssAvailable(), "no /proc/self/status");
        String out = OpenCloseLeakCheck.runInChild("cpu", 50, Integer.getInteger("leak.cycles", 1000),
                Path.of("target", "leak-classpath.txt"), 120);
        System.out.print("[leak] " + out);
        long growth = OpenCloseLeakCheck.growthKiB(out);
        assertTrue(growth < 64 * 1024, "VmRSS grew by " + growth + " KiB");
    }
}
