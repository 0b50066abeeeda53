package org.mlpengine.cli;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;

import picocli.CommandLine.Option;

/** The options that pick the backend and device, shared by every command that computes. */
final class BackendChoice {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "cpu, opencl, cuda or auto (default: -Dbackend, else auto).")
    String backend;

    @Option(names = "--device", paramLabel = "N", description = "Device index within the backend (default: -Ddevice, else 0).")
    Integer device;

    @Option(names = "--threads", paramLabel = "N", description = "Host worker threads for the cpu backend (default: all cores).")
    int threads = 0;

    String name() {
        return backend != null ? backend : Backends.requestedName();
    }

    /** Checks the options and that the backend exists and runs here, before any slow work. */
    void check() {
        int d = deviceIndex();
        if (d < 0) {
            throw new UserError("--device must be >= 0, got " + d);
        }
        if (threads < 0) {
            throw new UserError("--threads must be >= 0, got " + threads);
        }
        Backends.select(name());
    }

    Backend open() {
        return open(deviceIndex());
    }

    /** The backend on device {@code device}, with the other options. */
    Backend open(int device) {
        return Backends.open(name(), new BackendOptions(device, threads));
    }

    private int deviceIndex() {
        return device != null ? device : Backends.requestedDevice();
    }
}
