package org.mlpengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.backend.DeviceInfo;

/** A description of this machine for the report: processor, memory, JDK, and what every backend's probe found. */
final class Machine {
    private Machine() {
    }

    static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + procField("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")) + ", "
                + Runtime.getRuntime().availableProcessors() + " logical cores");
        procField("/proc/meminfo", "MemTotal").ifPresent(m -> lines.add("Memory: " + m));
        loadAverage().ifPresent(l -> lines.add("Load average (1, 5, 15 min) when the report was written: " + l
                + " (the benchmarks ran before; a busy machine gives noisy numbers)"));
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        lines.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        for (BackendProvider p : Backends.providers()) {
            Availability a = p.probe();
            if (!a.available()) {
                lines.add("Backend " + p.name() + ": unavailable (" + a.reason() + ")");
                continue;
            }
            for (DeviceInfo d : a.devices()) {
                lines.add("Backend " + p.name() + ": " + d);
            }
        }
        return lines;
    }

    private static Optional<String> loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Optional.of(f[0] + ", " + f[1] + ", " + f[2]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The value of the first "key : value" line of a /proc file, if there is one. */
    private static Optional<String> procField(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
