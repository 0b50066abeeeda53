package org.mlpengine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.kernels.CudaToolchain;

/** What the provider says without a GPU: runs everywhere, and checks the reason's words where libcuda is absent. */
class CudaProbeTest {

    @Test
    void theProviderIsFoundByServiceLoader() {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            names.add(p.name());
        }
        assertTrue(names.contains("cuda"), "providers: " + names);
    }

    @Test
    void probeNeverThrowsAndIsCached() {
        CudaBackendProvider provider = new CudaBackendProvider();
        Availability first = provider.probe();
        System.out.println("[CudaProbeTest] cuda probe: " + (first.available() ? first.devices() : first.reason()));
        assertSame(first, provider.probe());
        if (!first.available()) {
            String reason = first.reason();
            assertTrue(reason.startsWith(NativeLibraries.DRIVER + " not loadable: ") || reason.equals("no CUDA device")
                    || reason.startsWith("driver supports CUDA "), reason);
            assertFalse(reason.contains("\n"), "one line: " + reason);
        }
    }

    @Test
    void withoutLibcudaTheReasonSaysSoAndNamesTheLoaderError() {
        if (libcudaFound()) {
            CudaToolchain.skip("CudaProbeTest", NativeLibraries.DRIVER + " is installed here");
        }
        Availability a = new CudaBackendProvider().probe();
        assertFalse(a.available());
        assertEquals("libcuda.so.1 not loadable: libcuda.so.1: cannot open shared object file: No such file or directory",
                a.reason());
        assertTrue(a.devices().isEmpty());
    }

    @Test
    void openingAnUnavailableBackendFailsWithTheReason() {
        CudaBackendProvider provider = new CudaBackendProvider();
        Availability a = provider.probe();
        if (a.available()) {
            CudaToolchain.skip("CudaProbeTest", "a CUDA device is available");
        }
        BackendException e = assertThrows(BackendException.class, () -> provider.open(BackendOptions.DEFAULT));
        assertEquals("cuda backend unavailable: " + a.reason(), e.getMessage());
        BackendException selected = assertThrows(BackendException.class, () -> Backends.select("cuda"));
        assertEquals("backend 'cuda' is unavailable: " + a.reason(), selected.getMessage());
    }

    @Test
    void cudaOutranksTheOtherBackends() {
        assertTrue(new CudaBackendProvider().speedRank() >= 400);
    }

    @Test
    void driverVersionsReadAsCudaReleases() {
        assertEquals("12.0", CudaProbe.cudaVersion(12000));
        assertEquals("11.4", CudaProbe.cudaVersion(11040));
        assertEquals("13.0", CudaProbe.cudaVersion(13000));
    }

    /** libcuda.so.1 in the linker cache, on LD_LIBRARY_PATH, or in the usual driver folders. */
    static boolean libcudaFound() {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/lib/x86_64-linux-gnu", "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib"));
        for (String d : System.getenv().getOrDefault("LD_LIBRARY_PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                dirs.add(d);
            }
        }
        for (String d : dirs) {
            if (Files.exists(Path.of(d, NativeLibraries.DRIVER))) {
                return true;
            }
        }
        try {
            CudaToolchain.Result r = CudaToolchain.run("/sbin/ldconfig", "-p");
            return r.output().contains(NativeLibraries.DRIVER + " ");
        } catch (Exception e) {
            return false;
        }
    }
}
