package org.mlpengine.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * Opens and closes a backend many times, each cycle allocating, uploading, running a GEMM, a fused op and a
 * reduction, checking the result, and closing everything, and measures the process's resident set
 * ({@code VmRSS} of {@code /proc/self/status}) after a warm-up and after the cycles. Native memory that a
 * backend forgets to free (contexts, queues, programs, buffers, threads' stacks) shows up as RSS growth;
 * the Java heap is capped by the caller's {@code -Xmx} and collected before each reading.
 * The backend modules' tests run {@link #main} in a child JVM with a fixed, pre-touched heap
 * ({@link #JVM_ARGS}), so heap pages touched for the first time cannot pass for a native leak.
 *
 * <p>By hand, from the repository root after {@code mvn -o -pl opencl-backend -am test-compile}: <pre>
 * java -Xms64m -Xmx64m -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector \
 *   -cp "$(cat opencl-backend/target/leak-classpath.txt)" org.mlpengine.core.testing.OpenCloseLeakCheck opencl 50 1000
 * </pre> (the tests write that class-path file.)
 */
public final class OpenCloseLeakCheck {
    /** The figures of one run, in KiB. */
    public record Figures(String backend, int warmup, int cycles, long rssStartKiB, long rssAfterWarmupKiB,
                          long rssEndKiB, long heapUsedAfterWarmupKiB, long heapUsedEndKiB, long heapCommittedAfterWarmupKiB,
                          long heapCommittedEndKiB, double seconds) {
        public long growthKiB() {
            return rssEndKiB - rssAfterWarmupKiB;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d open/alloc/op/close cycles in %.1f s (after %d warm-up): "
                            + "VmRSS %,d KiB at start, %,d KiB after warm-up, %,d KiB after the cycles: growth %+,d KiB"
                            + " (%.2f KiB per cycle); Java heap used %,d -> %,d KiB, committed %,d -> %,d KiB",
                    backend, cycles, seconds, warmup, rssStartKiB, rssAfterWarmupKiB, rssEndKiB, growthKiB(),
                    growthKiB() / (double) cycles, heapUsedAfterWarmupKiB, heapUsedEndKiB, heapCommittedAfterWarmupKiB,
                    heapCommittedEndKiB);
        }
    }

    /** A fixed heap, touched at start, for the child JVM that measures. */
    public static final java.util.List<String> JVM_ARGS = java.util.List.of("-Xms64m", "-Xmx64m",
            "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector");

    private OpenCloseLeakCheck() {
    }

    /** {@code BACKEND [WARMUP [CYCLES]]}: prints the figures, then {@code growthKiB=N}. */
    public static void main(String[] args) {
        String name = args[0];
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        var provider = org.mlpengine.core.backend.Backends.select(name);
        Figures f = run(name, () -> provider.open(org.mlpengine.core.backend.BackendOptions.DEFAULT), warmup, cycles);
        System.out.println(f);
        System.out.println("growthKiB=" + f.growthKiB());
    }

    /**
     * Runs {@link #main} for {@code backend} in a child JVM on this JVM's class path (also written to
     * {@code classPathFile} for a run by hand) and returns what it printed; fails if it fails.
     */
    public static String runInChild(String backend, int warmup, int cycles, Path classPathFile, long timeoutSeconds)
            throws IOException, InterruptedException {
        String cp = System.getProperty("java.class.path");
        Files.writeString(classPathFile, cp);
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_ARGS);
        cmd.addAll(java.util.List.of("-cp", cp, OpenCloseLeakCheck.class.getName(), backend,
                String.valueOf(warmup), String.valueOf(cycles)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("leak check child did not finish in " + timeoutSeconds + " s");
        }
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("leak check child failed (exit " + p.exitValue() + "):\n" + text);
        }
        return text;
    }

    /** The {@code growthKiB=N} line of {@link #main}'s output. */
    public static long growthKiB(String childOutput) {
        return childOutput.lines().filter(l -> l.startsWith("growthKiB=")).mapToLong(l -> Long.parseLong(l.substring(10)))
                .findFirst().orElseThrow(() -> new AssertionError("no figures in:\n" + childOutput));
    }

    /** Whether {@code /proc/self/status} can be read (Linux). */
    public static boolean rssAvailable() {
        return rssKiB() >= 0;
    }

    public static Figures run(String name, Supplier<Backend> open, int warmup, int cycles) {
        long start = rssKiB();
        for (int i = 0; i < warmup; i++) {
            cycle(open, i);
        }
        settle();
        long afterWarmup = rssKiB();
        long heapWarm = heapUsedKiB();
        long committedWarm = Runtime.getRuntime().totalMemory() / 1024;
        long t0 = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle(open, warmup + i);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        settle();
        return new Figures(name, warmup, cycles, start, afterWarmup, rssKiB(), heapWarm, heapUsedKiB(), committedWarm,
                Runtime.getRuntime().totalMemory() / 1024, seconds);
    }

    /** One cycle; fails loudly if the backend computes a wrong result. */
    static void cycle(Supplier<Backend> open, int i) {
        try (Backend be = open.get()) {
            int m = 64;
            int k = 96;
            int n = 48;
            DeviceMatrix a = be.allocate(m, k);
            DeviceMatrix b = be.allocate(n, k);
            DeviceMatrix c = be.allocate(m, n);
            DeviceMatrix bias = be.allocate(1, n);
            DeviceMatrix big = be.allocate(512, 512); // 1 MiB that is allocated and freed each cycle
            DeviceInts argmax = be.allocateInts(m);
            float[] ha = new float[m * k];
            Arrays.fill(ha, 1f / k);
            float[] hb = new float[n * k];
            for (int j = 0; j < n; j++) {
                Arrays.fill(hb, j * k, (j + 1) * k, j / (float) n);
            }
            be.upload(ha, 0, a);
            be.upload(hb, 0, b);
            be.fill(big, 1f);
            be.gemm(false, true, 1f, a, b, 0f, c); // c[r][j] = j / n: increasing in j, well inside the sigmoid's unsaturated range
            be.biasSigmoid(c, bias, c);
            be.rowArgmax(c, argmax);
            int[] got = new int[m];
            be.download(argmax, got, 0);
            for (int r = 0; r < m; r++) {
                if (got[r] != n - 1) {
                    throw new AssertionError(be.name() + " cycle " + i + ": row " + r + " argmax " + got[r]
                            + ", expected " + (n - 1));
                }
            }
            // Closing the backend must free what is still allocated: close only some explicitly.
            a.close();
            big.close();
        }
    }

    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long heapUsedKiB() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1024;
    }

    /** {@code VmRSS} in KiB, or -1 where {@code /proc/self/status} is missing. */
    public static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
