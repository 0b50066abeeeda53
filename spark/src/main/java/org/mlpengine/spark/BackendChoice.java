package org.mlpengine.spark;

import java.util.Locale;
import org.mlpengine.cli.UserError;
import org.mlpengine.core.backend.Backends;
import picocli.CommandLine.Option;

/** The backend every task opens on its executor. */
final class BackendChoice {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "cpu, opencl, cuda or auto, opened by every task on its executor (default: -Dbackend, "
                    + "else auto).")
    String backend;

    @Option(names = "--device", paramLabel = "N",
            description = "Device index on every executor (default: the GPU Spark assigned to the task, else 0).")
    Integer device;

    @Option(names = "--threads", paramLabel = "N",
            description = "cpu backend worker threads per task (default: the task's CPUs, spark.task.cpus).")
    int threads;

    String name() {
        return (backend != null ? backend : Backends.requestedName()).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks the name against the backends on the class path; where the tasks run in this JVM (a local master), also
     * that it can run here. On a cluster only the executors can tell.
     */
    void check(boolean local) {
        if (device != null && device < 0) {
            throw new UserError("--device must be >= 0, got " + device);
        }
        if (threads < 0) {
            throw new UserError("--threads must be >= 0, got " + threads);
        }
        String n = name();
        boolean known = n.equals(Backends.AUTO) || Backends.providers().stream().anyMatch(p -> p.name().equals(n));
        if (!known || local) {
            Backends.select(n);
        }
    }

    DeviceRequest request(int gpusPerTask) {
        return new DeviceRequest(name(), device, threads, gpusPerTask);
    }
}
