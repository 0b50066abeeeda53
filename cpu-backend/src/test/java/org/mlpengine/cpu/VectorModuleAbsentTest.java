package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without {@code --add-modules jdk.incubator.vector} (plain {@code java -jar}) the backend falls back and says so. */
class VectorModuleAbsentTest {

    @Test
    void fallsBackToScalarKernelsAndSaysWhy() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                VectorModuleAbsentMain.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("scalar kernels (Vector API off: run java with --add-modules jdk.incubator.vector)"), out);
        assertTrue(out.trim().endsWith("OK"), out);
    }
}
