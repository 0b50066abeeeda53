package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.testing.OpenCloseLeakCheck;

/**
 * Opening and closing the OpenCL backend repeatedly (context, queue, program build, buffers, launches, release)
 * leaks no native memory. Measured in a child JVM with a pre-touched 64 MiB heap; prints the figures.
 * Each open builds the program (about 40 ms on PoCL with a warm cache), so CI runs {@value #CI_CYCLES} cycles;
 * {@code -Dleak.cycles=1000} for the full count.
 */
class OpenClOpenCloseLeakTest {
    static final int CI_CYCLES = 100;

    @Test
    void openCloseCyclesKeepTheResidentSetFlat() throws Exception {
        assumeTrue(OpenCloseLeakCheck.rssAvailable(), "no /proc/self/status");
        OpenClTestBackend.openOrSkip().close();
        int cycles = Integer.getInteger("leak.cycles", CI_CYCLES);
        String out = OpenCloseLeakCheck.runInChild("opencl", 20, cycles, Path.of("target", "leak-classpath.txt"),
                600);
        System.out.print("[leak] " + out);
        long growth = OpenCloseLeakCheck.growthKiB(out);
        assertTrue(growth < 64 * 1024, "VmRSS grew by " + growth + " KiB");
    }
}
