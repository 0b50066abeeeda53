package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.testing.OpenCloseLeakCheck;

/**
 * Opening and closing the OpenCL backend repeatedly (context, queue, program build, buffers, launches, release)
 * leaks no native memory: the resident set grows by at most {@link OpenCloseLeakCheck#LEAK_BOUND_KIB_PER_CYCLE} KiB
 * per cycle (median over twenty intervals). Measured in a child JVM with a pre-touched 64 MiB heap; prints the
 * figures. Each open builds the program (about 40 ms on PoCL with a warm cache), so CI runs {@value #CI_CYCLES}
 * cycles after {@value #WARMUP} of warm-up (in which the resident set still creeps by a few KiB per cycle);
 * {@code -Dleak.cycles=1000} for more.
 */
class OpenClOpenCloseLeakTest {
    static final int WARMUP = 100;
    static final int CI_CYCLES = 200;

    @Test
    void openCloseCyclesKeepTheResidentSetFlat() throws Exception {
        assumeTrue(OpenCloseLeakCheck.rssAvailable(), "no /proc/self/status");
        OpenClTestBackend.openOrSkip().close();
        int cycles = Integer.getInteger("leak.cycles", CI_CYCLES);
        String out = OpenCloseLeakCheck.runInChild("opencl", WARMUP, cycles, 20, Path.of("target", "leak-classpath.txt"),
                600);
        System.out.print("[leak] " + out);
        double perCycle = OpenCloseLeakCheck.kibPerCycle(out);
        assertTrue(perCycle <= OpenCloseLeakCheck.LEAK_BOUND_KIB_PER_CYCLE,
                "VmRSS grew by " + perCycle + " KiB per open/close cycle (median):\n" + out);
    }
}
