package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;

class BackendsCommandTest {
    @Test
    void listsEveryBackendWithDevicesOrReason() {
        CliRunner.Result r = CliRunner.run("backends");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("cpu: available"), r.out());
        for (BackendProvider p : Backends.providers()) {
            String expected = p.name() + (p.probe().available() ? ": available" : ": unavailable: " + p.probe().reason());
            assertTrue(r.out().contains(expected), "missing '" + expected + "' in\n" + r.out());
        }
        assertEquals(1, r.out().lines().filter(l -> l.contains("[auto picks this]")).count(), r.out());
    }
}
