package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.backend.DeviceMatrix;

/** What the CPU backend promises beyond the conformance suite: discovery, device description, lifecycle. */
class CpuBackendTest {

    @Test
    void isFoundByNameAndAlwaysAvailable() {
        Availability a = Backends.select("cpu").probe();
        assertTrue(a.available());
        assertEquals(1, a.devices().size());
        String details = a.devices().get(0).details();
        assertTrue(details.contains(Runtime.getRuntime().availableProcessors() + " cores"), details);
        // The preferred vector of this machine, whatever its width (16 floats with AVX-512, 8 with AVX2, 4 with NEON).
        assertTrue(details.contains("Vector API, " + FloatVector.SPECIES_PREFERRED.length() + " floats"), details);
    }

    @Test
    void onlyDeviceZeroExists() {
        BackendException e = assertThrows(BackendException.class,
                () -> new CpuBackendProvider().open(new BackendOptions(1, 0)));
        assertTrue(e.getMessage().contains("no device 1"), e.getMessage());
    }

    @Test
    void aClosedBackendRefusesWork() {
        Backend be = new CpuBackendProvider().open(BackendOptions.DEFAULT);
        DeviceMatrix m = be.allocate(2, 3);
        be.close();
        assertThrows(IllegalStateException.class, () -> be.allocate(1, 1));
        assertThrows(IllegalStateException.class, () -> be.fill(m, 1f));
        assertThrows(IllegalStateException.class, be::synchronize);
    }

    @Test
    void aClosedMatrixRefusesWorkButItsBackendGoesOn() {
        try (Backend be = new CpuBackendProvider().open(BackendOptions.DEFAULT)) {
            DeviceMatrix m = be.allocate(4, 3);
            DeviceMatrix view = m.rowSlice(1, 2);
            m.close();
            assertThrows(IllegalStateException.class, () -> be.fill(view, 1f));
            be.fill(be.allocate(1, 1), 2f);
        }
    }

    @Test
    void closeStopsTheWorkerThreads() {
        long before = workerThreads();
        Backend be = new CpuBackendProvider().open(new BackendOptions(0, 4));
        assertEquals(before + 3, workerThreads());
        be.close();
        assertEquals(before, workerThreads());
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("mlp-cpu-worker"))
                .count();
    }
}
