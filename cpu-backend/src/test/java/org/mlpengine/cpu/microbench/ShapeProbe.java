package org.mlpengine.cpu.microbench;

import java.util.Random;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.cpu.CpuBackendProvider;

/**
 * One gemm shape over and over, by hand, for a profiler: {@code ShapeProbe threads m n k transA transB seconds}.
 * Prints microseconds per call of the caller's CPU time every second.
 */
public final class ShapeProbe {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int k = Integer.parseInt(args[3]);
        boolean ta = Boolean.parseBoolean(args[4]);
        boolean tb = Boolean.parseBoolean(args[5]);
        int seconds = Integer.parseInt(args[6]);
        try (Backend be = new CpuBackendProvider().open(new BackendOptions(0, threads))) {
            Random rnd = new Random(1);
            DeviceMatrix a = GemmBenchData.random(be, rnd, ta ? k : m, ta ? m : k);
            DeviceMatrix b = GemmBenchData.random(be, rnd, tb ? n : k, tb ? k : n);
            DeviceMatrix c = GemmBenchData.random(be, rnd, m, n);
            for (int s = 0; s < seconds; s++) {
                long cpu0 = CPU.getCurrentThreadCpuTime();
                long end = System.nanoTime() + 1_000_000_000L;
                long calls = 0;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 100; i++) {
                        be.gemm(ta, tb, 1f, a, b, ta ? 1f : 0f, c);
                    }
                    calls += 100;
                }
                double us = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e3 / calls;
                System.out.printf("%dx%dx%d: %.2f us CPU per call, %.1f GFLOP/s%n", m, n, k, us, 2.0 * m * n * k / us / 1e3);
            }
        }
    }
}
