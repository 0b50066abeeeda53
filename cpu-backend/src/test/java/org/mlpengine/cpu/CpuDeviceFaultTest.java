package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * Device faults on the CPU backend: allocations beyond a Java array or beyond the heap are a
 * {@link BackendException} naming the size requested and what is available, and the backend goes on working.
 */
class CpuDeviceFaultTest {

    @Test
    void matrixBeyondAJavaArrayIsABackendExceptionAndTheBackendGoesOn() {
        try (Backend be = new CpuBackendProvider().open(BackendOptions.DEFAULT)) {
            BackendException e = assertThrows(BackendException.class, () -> be.allocate(46341, 46341));
            System.out.println("[cpu faults] " + e.getMessage());
            assertEquals("cpu: cannot allocate 8.0 GiB for a 46341x46341 matrix: 2147488281 elements, a Java array "
                    + "holds at most " + (2147483639 - CpuMemory.ALIGN_PAD), e.getMessage()); // less the alignment padding
            e = assertThrows(BackendException.class, () -> be.allocate(Integer.MAX_VALUE, Integer.MAX_VALUE));
            assertTrue(e.getMessage().contains("4611686014132420609 elements"), e.getMessage());
            e = assertThrows(BackendException.class, () -> be.allocateInts(Integer.MAX_VALUE));
            assertTrue(e.getMessage().startsWith("cpu: cannot allocate 8.0 GiB for 2147483647 ints"), e.getMessage());
            assertTrue(gemmStillRight(be));
        }
    }

    /** In a child JVM with a 96 MiB heap, so the test cannot take the build's memory. */
    @Test
    void matrixBeyondTheHeapIsABackendExceptionAndTheBackendGoesOn() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx96m", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), CpuOutOfHeapMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print("[cpu faults] child: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.matches("(?s).*refused: cpu: cannot allocate 256\\.0 MiB for a 16384x4096 matrix: "
                + "[0-9.]+ [KM]iB of the Java heap's [0-9.]+ MiB is free \\(give the JVM more with -Xmx\\).*"), out);
        assertTrue(out.contains("gemm after the failure: right"), out);
        assertTrue(out.trim().endsWith("OK"), out);
    }

    /** A 3x2 times 2x2 product, checked exactly (small integers). */
    static boolean gemmStillRight(Backend be) {
        try (DeviceMatrix a = be.allocate(3, 2); DeviceMatrix b = be.allocate(2, 2); DeviceMatrix c = be.allocate(3, 2)) {
            be.upload(new float[] {1, 2, 3, 4, 5, 6}, 0, a);
            be.upload(new float[] {1, 0, 2, 1}, 0, b);
            be.gemm(false, false, 1f, a, b, 0f, c);
            float[] got = new float[6];
            be.download(c, got, 0);
            return java.util.Arrays.equals(got, new float[] {5, 2, 11, 4, 17, 6});
        }
    }
}
