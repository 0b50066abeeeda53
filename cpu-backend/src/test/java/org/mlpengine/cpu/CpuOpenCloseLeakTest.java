package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.testing.OpenCloseLeakCheck;

/**
 * Opening and closing the CPU backend 1,000 times (each with allocations, a GEMM, a fused op and a reduction)
 * leaks no native memory (worker threads and their stacks are the CPU backend's native resources): the resident
 * set grows by at most {@link OpenCloseLeakCheck#LEAK_BOUND_KIB_PER_CYCLE} KiB per cycle (median over twenty
 * intervals; a worker thread left running by close() shows as about 23). Measured in a child JVM with a pre-touched
 * 64 MiB heap after 500 warm-up cycles (the first several hundred grow the JIT's code and glibc's thread-stack
 * cache by a few KiB per cycle); prints the figures. {@code -Dleak.cycles=N} (a multiple of 20) for another count.
 */
class CpuOpenCloseLeakTest {
    @Test
    void thousandOpenCloseCyclesKeepTheResidentSetFlat() throws Exception {
        assumeTrue(OpenCloseLeakCheck.rssAvailable(), "no /proc/self/status");
        String out = OpenCloseLeakCheck.runInChild("cpu", 500, Integer.getInteger("leak.cycles", 1000), 20,
                Path.of("target", "leak-classpath.txt"), 120);
        System.out.print("[leak] " + out);
        double perCycle = OpenCloseLeakCheck.kibPerCycle(out);
        assertTrue(perCycle <= OpenCloseLeakCheck.LEAK_BOUND_KIB_PER_CYCLE,
                "VmRSS grew by " + perCycle + " KiB per open/close cycle (median):\n" + out);
    }
}
