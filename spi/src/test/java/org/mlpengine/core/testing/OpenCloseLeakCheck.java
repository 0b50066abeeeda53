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
 * ({@link #JVM_ARGS}), so heap pages touched for the first time cannot pass for a native leak, and an allocator told
 * to return freed blocks ({@link #MALLOC_TUNABLES}). The resident set is
 * read after each of twenty intervals of cycles, and the figure checked is the median growth per cycle over those
 * intervals ({@link #LEAK_BOUND_KIB_PER_CYCLE}).
 *
 * <p>By hand, from the repository root after {@code mvn -o -pl opencl-backend -am test-compile}: <pre>
 * GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072 \
 * java -Xms64m -Xmx64m -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector \
 *   -cp "$(cat opencl-backend/target/leak-classpath.txt)" org.mlpengine.core.testing.OpenCloseLeakCheck opencl 50 1000 20
 * </pre> (the tests write that class-path file.)
 */
public final class OpenCloseLeakCheck {
    /**
     * The most resident-set growth per cycle the tests accept, as the median over the measured intervals: a handful of
     * KiB. What a cycle would leak if close() forgot something is larger: the 1 MiB matrix freed each cycle, an OpenCL
     * context, queue and program (hundreds of KiB), a worker thread that never stops (its stack pages and the JVM's
     * per-thread structures, tens of KiB). Growth that is not a leak comes in isolated steps of a few MiB (the JIT's
     * code cache, a new malloc arena) in a few of the twenty intervals, which the median passes over; a leak grows
     * every interval. Seen without a leak, after the warm-ups the tests use: 0 to 1.2 KiB per cycle on cpu and
     * opencl (PoCL); with a worker thread left running by each close: 23.
     */
    public static final double LEAK_BOUND_KIB_PER_CYCLE = 4;

    /** The figures of one run, in KiB: the resident set after the warm-up and after each interval of cycles. */
    public record Figures(String backend, int warmup, int cycles, long rssStartKiB, long[] rssSamplesKiB,
                          long heapUsedAfterWarmupKiB, long heapUsedEndKiB, double seconds) {
        public int interval() {
            return cycles / (rssSamplesKiB.length - 1);
        }

        public long growthKiB() {
            return rssSamplesKiB[rssSamplesKiB.length - 1] - rssSamplesKiB[0];
        }

        /** The median over the intervals of each one's growth per cycle. */
        public double medianKiBPerCycle() {
            double[] perCycle = new double[rssSamplesKiB.length - 1];
            for (int i = 0; i < perCycle.length; i++) {
                perCycle[i] = (rssSamplesKiB[i + 1] - rssSamplesKiB[i]) / (double) interval();
            }
            Arrays.sort(perCycle);
            int n = perCycle.length;
            return n % 2 == 1 ? perCycle[n / 2] : (perCycle[n / 2 - 1] + perCycle[n / 2]) / 2;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d open/alloc/op/close cycles in %.1f s (after %d warm-up): "
                            + "VmRSS %,d KiB at start, then every %d cycles %s KiB: growth %+,d KiB, median %.2f KiB per "
                            + "cycle (bound %.0f); Java heap used %,d -> %,d KiB",
                    backend, cycles, seconds, warmup, rssStartKiB, interval(), Arrays.toString(rssSamplesKiB),
                    growthKiB(), medianKiBPerCycle(), LEAK_BOUND_KIB_PER_CYCLE, heapUsedAfterWarmupKiB, heapUsedEndKiB);
        }
    }

    /**
     * glibc's allocator in the child returns blocks of 128 KiB and more to the system when they are freed (by default
     * it raises that threshold after the first such free and keeps later blocks in its heap, so the 1 MiB freed each
     * cycle made the resident set swing by megabytes from one reading to the next). Other C libraries ignore it.
     */
    static final String MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072";

    /** A fixed heap, touched at start, for the child JVM that measures. */
    public static final java.util.List<String> JVM_ARGS = java.util.List.of("-Xms64m", "-Xmx64m",
            "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector");

    private OpenCloseLeakCheck() {
    }

    /** {@code BACKEND [WARMUP [CYCLES [INTERVALS]]]}: prints the figures, then {@code kibPerCycle=X}. */
    public static void main(String[] args) {
        String name = args[0];
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int intervals = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        var provider = org.mlpengine.core.backend.Backends.select(name);
        Figures f = run(name, () -> provider.open(org.mlpengine.core.backend.BackendOptions.DEFAULT), warmup, cycles,
                intervals);
        System.out.println(f);
        System.out.println(String.format(Locale.ROOT, "kibPerCycle=%.3f", f.medianKiBPerCycle()));
    }

    /**
     * Runs {@link #main} for {@code backend} in a child JVM on this JVM's class path (also written to
     * {@code classPathFile} for a run by hand) and returns what it printed; fails if it fails.
     */
    public static String runInChild(String backend, int warmup, int cycles, int intervals, Path classPathFile,
                                    long timeoutSeconds) throws IOException, InterruptedException {
        String cp = System.getProperty("java.class.path");
        Files.writeString(classPathFile, cp);
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_ARGS);
        cmd.addAll(java.util.List.of("-cp", cp, OpenCloseLeakCheck.class.getName(), backend,
                String.valueOf(warmup), String.valueOf(cycles), String.valueOf(intervals)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        String tunables = pb.environment().get("GLIBC_TUNABLES");
        pb.environment().put("GLIBC_TUNABLES", (tunables == null || tunables.isBlank() ? "" : tunables + ":") + MALLOC_TUNABLES);
        Process p = pb.start();
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

    /** The {@code kibPerCycle=X} line of {@link #main}'s output: the median growth per cycle. */
    public static double kibPerCycle(String childOutput) {
        return childOutput.lines().filter(l -> l.startsWith("kibPerCycle=")).mapToDouble(l -> Double.parseDouble(l.substring(12)))
                .findFirst().orElseThrow(() -> new AssertionError("no figures in:\n" + childOutput));
    }

    /** Whether {@code /proc/self/status} can be read (Linux). */
    public static boolean rssAvailable() {
        return rssKiB() >= 0;
    }

    /** {@code warmup} cycles, then {@code cycles} more with the resident set read after each of {@code intervals} parts. */
    public static Figures run(String name, Supplier<Backend> open, int warmup, int cycles, int intervals) {
        if (intervals < 1 || cycles % intervals != 0) {
            throw new IllegalArgumentException(cycles + " cycles do not split into " + intervals + " intervals");
        }
        long start = rssKiB();
        for (int i = 0; i < warmup; i++) {
            cycle(open, i);
        }
        settle();
        long[] samples = new long[intervals + 1];
        samples[0] = rssKiB();
        long heapWarm = heapUsedKiB();
        long t0 = System.nanoTime();
        int interval = cycles / intervals;
        for (int s = 1; s <= intervals; s++) {
            for (int i = 0; i < interval; i++) {
                cycle(open, warmup + (s - 1) * interval + i);
            }
            settle();
            samples[s] = rssKiB();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Figures(name, warmup, cycles, start, samples, heapWarm, heapUsedKiB(), seconds);
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
                Thread.sleep(20);
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
