package org.mlpengine.cli;

import org.mlpengine.core.backend.Backends;

/** The backend the command-line tests train on: the CPU backend where it is built in, else what auto picks. */
final class TestBackend {
    static final String NAME = Backends.providers().stream()
            .anyMatch(p -> p.name().equals("cpu") && p.probe().available()) ? "cpu" : Backends.AUTO;

    private TestBackend() {
    }
}
