package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jocl.CLException;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.backend.DeviceInfo;

/** probe(): never throws, says why OpenCL is missing, lists and ranks the devices. */
class OpenClProbeTest {

    @Test
    void missingLoaderLibraryIsReportedWithItsNestedCause() {
        NoClassDefFoundError later = new NoClassDefFoundError("Could not initialize class org.jocl.CL");
        later.initCause(new UnsatisfiedLinkError("libOpenCL.so.1: cannot open shared object file"));
        Availability a = OpenClBackendProvider.probeWith(() -> {
            throw later;
        }).availability();
        assertFalse(a.available());
        assertEquals("OpenCL library not loadable: UnsatisfiedLinkError: libOpenCL.so.1: cannot open shared object file",
                a.reason());
    }

    @Test
    void noPlatformIsReportedAsSuch() {
        Availability a = OpenClBackendProvider.probeWith(() -> {
            throw new BackendException(OpenClDevices.NO_PLATFORM + " (clGetPlatformIDs: CL_PLATFORM_NOT_FOUND_KHR)");
        }).availability();
        assertFalse(a.available());
        assertTrue(a.reason().startsWith("no OpenCL platform found"), a.reason());
        Availability viaException = OpenClBackendProvider.probeWith(() -> {
            throw new CLException("CL_PLATFORM_NOT_FOUND_KHR", -1001);
        }).availability();
        assertTrue(viaException.reason().startsWith("no OpenCL platform found"), viaException.reason());
        Availability other = OpenClBackendProvider.probeWith(() -> {
            throw new IllegalStateException("boom");
        }).availability();
        assertEquals("OpenCL probe failed: IllegalStateException: boom", other.reason());
    }

    @Test
    void withoutAnIcdTheBackendIsUnavailableWithAReason() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ProbeMain.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("OCL_ICD_VENDORS", "/nonexistent");
        pb.environment().put("OCL_ICD_FILENAMES", "");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        System.out.println("[opencl tests] without an ICD: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("backend 'opencl' is unavailable: "), out);
        if (new OpenClBackendProvider().probe().available()) {
            // The loader is here (only the ICDs were hidden), so the reason is the missing platform.
            assertTrue(out.contains("unavailable: no OpenCL platform found"), out);
        }
    }

    @Test
    void devicesAreListedAndRankedAndServiceLoaderFindsTheProvider() {
        OpenClTestBackend.openOrSkip().close();
        OpenClBackendProvider provider = new OpenClBackendProvider();
        List<DeviceInfo> infos = provider.probe().devices();
        List<OpenClDevice> devices = OpenClBackendProvider.probeOnce().devices();
        assertEquals(devices.size(), infos.size());
        for (int i = 0; i < infos.size(); i++) {
            System.out.println("[opencl tests] " + infos.get(i));
            assertEquals(i, infos.get(i).index());
            assertTrue(infos.get(i).details().contains("compute units"), infos.get(i).details());
            if (i > 0) {
                assertTrue(devices.get(i - 1).typeRank() <= devices.get(i).typeRank(), "GPUs first");
            }
        }
        int rank = provider.speedRank();
        assertEquals(devices.get(0).isGpuOrAccelerator(), rank > 100, "rank " + rank + " vs the CPU backend's 100");
        assertTrue(Backends.providers().stream().anyMatch(p -> p.name().equals("opencl")));
    }
}
