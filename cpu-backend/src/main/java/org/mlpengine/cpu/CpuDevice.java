package org.mlpengine.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.mlpengine.core.backend.DeviceInfo;

/** Describes the host CPU: its model (from /proc/cpuinfo where readable), cores, and which kernels run. */
final class CpuDevice {
    private CpuDevice() {
    }

    static DeviceInfo describe(int index, int threads, KernelChoice kernels) {
        int cores = Runtime.getRuntime().availableProcessors();
        String details = cores + " cores, " + threads + " threads, " + kernels.describe();
        return new DeviceInfo(index, model(), details);
    }

    /** The "model name" line of /proc/cpuinfo, or the OS architecture where that file is not readable. */
    static String model() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElseGet(CpuDevice::arch);
        } catch (IOException | RuntimeException e) {
            return arch();
        }
    }

    private static String arch() {
        return System.getProperty("os.arch") + " CPU";
    }
}
