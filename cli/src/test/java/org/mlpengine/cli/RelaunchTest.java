package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Plain {@code java} (no Vector API module, none of the cpu backend's flags) starts the command in a child JVM:
 * {@link RelaunchProbe} and {@link Main} run as a user's {@code java -jar} would, from the test class path.
 */
class RelaunchTest {
    private static final Pattern PROBE = Pattern.compile(
            "pid=(\\d+) relaunchedBy=(\\S+) backend=(\\S+) vector=(\\S+) args=(.*)");
    private static final List<String> ALL_OPTIONS = List.of("--add-modules=jdk.incubator.vector", "-XX:+UseSerialGC",
            "-XX:-TieredCompilation", "-XX:ObjectAlignmentInBytes=64", "-XX:+UseTransparentHugePages");

    @Test
    void theChildsExitCodeIsThePlainJvmsExitCode() throws Exception {
        for (int code : new int[] {0, 3, 42}) {
            Run r = run(List.of(), "exit", String.valueOf(code));
            assertEquals(code, r.exitCode, r.out);
            assertEquals(String.valueOf(r.pid), r.probe.group(2), "the command ran in a child of the JVM started: " + r.out);
            assertEquals("true", r.probe.group(4), "the child has the Vector API: " + r.out);
        }
    }

    @Test
    void propertiesAndMemoryOptionsReachTheChildAndTheUsersFlagsWin() throws Exception {
        Run r = run(List.of("-Dbackend=opencl", "-Xmx300m", "-Xss2m", "-XX:+UseParallelGC"), "exit", "0");
        assertEquals(0, r.exitCode, r.out);
        assertEquals("opencl", r.probe.group(3), r.out);
        List<String> childArgs = List.of(r.probe.group(5).split(" "));
        for (String given : List.of("-Dbackend=opencl", "-Xmx300m", "-Xss2m", "-XX:+UseParallelGC")) {
            assertTrue(childArgs.contains(given), given + " missing in the child's " + childArgs);
        }
        assertFalse(childArgs.contains("-XX:+UseSerialGC"), "the user chose the GC: " + childArgs);
        assertTrue(childArgs.contains("-XX:-TieredCompilation"), childArgs.toString());
        assertTrue(childArgs.contains("-XX:ObjectAlignmentInBytes=64"), childArgs.toString());
    }

    @Test
    void noChildWhenTheJvmHasTheOptionsOrTheUserOptsOutOrItIsAChild() throws Exception {
        Run ready = run(ALL_OPTIONS, "exit", "0");
        assertEquals("null", ready.probe.group(2), ready.out);
        assertEquals(String.valueOf(ready.pid), ready.probe.group(1), "ran in the JVM started: " + ready.out);

        Run optOut = run(List.of("-Dmlpengine.relaunch=false"), "exit", "0");
        assertEquals("null", optOut.probe.group(2), optOut.out);
        assertEquals(String.valueOf(optOut.pid), optOut.probe.group(1), optOut.out);
        assertEquals("false", optOut.probe.group(4), "opted out, as started: no Vector API: " + optOut.out);

        Run marked = run(List.of("-Dmlpengine.relaunched=true"), "exit", "0"); // the guard: a child never relaunches
        assertEquals(0, marked.exitCode, marked.out);
        assertEquals(String.valueOf(marked.pid), marked.probe.group(1), marked.out);
    }

    @Test
    void sigtermToTheParentEndsTheChildWithinASecond() throws Exception {
        Process parent = ChildJvm.plain(List.of(), List.of(), RelaunchProbe.class.getName(), "sleep")
                .redirectErrorStream(true).start();
        try {
            ProcessHandle child = childOf(parent);
            parent.destroy(); // SIGTERM
            long t0 = System.nanoTime();
            assertTrue(waitGone(child, 1000), "the child outlived its parent's SIGTERM by a second");
            System.out.printf("[relaunch] child ended %.0f ms after SIGTERM to its parent%n", (System.nanoTime() - t0) / 1e6);
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            assertEquals(143, parent.exitValue(), "the parent ends as SIGTERM ends a JVM");
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aChildWhoseParentIsKilledEndsToo() throws Exception {
        Process parent = ChildJvm.plain(List.of(), List.of(), RelaunchProbe.class.getName(), "sleep")
                .redirectErrorStream(true).start();
        ProcessHandle child = childOf(parent);
        try {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
            assertTrue(waitGone(child, 3000), "the child outlived its SIGKILLed parent by 3 s");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void plainJavaRunsBackendsInAChildWithTheVectorApi() throws Exception {
        Process p = ChildJvm.plain(List.of(), List.of(), Main.class.getName(), "backends").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String first = out.lines().filter(l -> !l.contains("incubator")).findFirst().orElse("");
        assertTrue(first.startsWith("JVM: relaunched by pid " + p.pid() + ", with the cpu backend's options"), out);
        assertTrue(out.contains("Vector API, "), out);

        ChildJvm.Result optedOut = ChildJvm.run(120, List.of(), List.of(), Main.class.getName(), "backends");
        assertEquals(0, optedOut.exitCode(), optedOut.out() + optedOut.err());
        assertTrue(optedOut.out().startsWith("JVM: as started (relaunch off by -Dmlpengine.relaunch=false), lacking the"
                + " cpu backend's -XX:+UseSerialGC"), optedOut.out());
    }

    /** A runtime without java.management (a jlinked one) cannot read its options: the command runs as started. */
    @Test
    void withoutJavaManagementTheCommandRunsAsStarted() throws Exception {
        Process p = ChildJvm.plain(List.of("--limit-modules",
                        "java.base,java.desktop,java.logging,java.net.http,java.sql,java.xml,jdk.unsupported,jdk.zipfs"),
                List.of(), Main.class.getName(), "backends").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("JVM: as started (cannot relaunch: this Java runtime has no java.management module"),
                out);
        assertTrue(out.contains("cpu: available"), out);
    }

    @Test
    void onlyCommandsThatRunABackendRelaunch() {
        for (String[] line : new String[][] {{"train"}, {"train", "--epochs", "3"}, {"evaluate", "--model", "m"},
                {"predict", "--model", "m", "x.png"}, {"backends"}, {"train", "--no-such-option"}}) {
            assertTrue(Main.computes(line), String.join(" ", line));
        }
        for (String[] line : new String[][] {{}, {"--help"}, {"--version"}, {"train", "--help"}, {"backends", "-h"},
                {"export", "--model", "m", "--npz", "w.npz"}, {"fetch-data"}, {"nope"}, {"--backend", "cpu"}}) {
            assertFalse(Main.computes(line), String.join(" ", line));
        }
        // a new command with --backend must be added to the set
        for (Map.Entry<String, CommandLine> e : new CommandLine(new Main()).getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().mixins().values().stream()
                    .anyMatch(m -> m.userObject() instanceof BackendChoice)) {
                assertTrue(Main.COMPUTING.contains(e.getKey()), e.getKey());
            }
        }
    }

    @Test
    void theUsersFlagsReplaceOursAndOnlyHotSpotGetsFlags() {
        Relaunch.Jvm plain = new Relaunch.Jvm(List.of("-Dx=1"), false, true, true);
        assertEquals(ALL_OPTIONS, plain.lacking());
        assertEquals(ALL_OPTIONS.subList(0, 4), new Relaunch.Jvm(List.of(), false, true, false).lacking(),
                "huge pages only where the kernel offers them");
        assertEquals(List.of("--add-modules=jdk.incubator.vector"),
                new Relaunch.Jvm(List.of(), false, false, true).lacking(), "HotSpot's flags only for HotSpot");
        Relaunch.Jvm own = new Relaunch.Jvm(List.of("-XX:+UseZGC", "-XX:TieredStopAtLevel=1",
                "-XX:ObjectAlignmentInBytes=16", "-XX:-UseTransparentHugePages"), true, true, true);
        assertEquals(List.of(), own.lacking());
    }

    private record Run(int exitCode, long pid, String out, Matcher probe) {
    }

    private static Run run(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        Process p = ChildJvm.plain(jvmArgs, List.of(), RelaunchProbe.class.getName(), args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        Matcher m = out.lines().map(PROBE::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no probe line in: " + out));
        return new Run(p.exitValue(), p.pid(), out, m);
    }

    /** The JVM that runs the probe, from the line it prints; fails if the probe ran in {@code parent} itself. */
    private static ProcessHandle childOf(Process parent) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            seen.add(line);
            Matcher m = PROBE.matcher(line);
            if (m.matches()) {
                long pid = Long.parseLong(m.group(1));
                assertNotEquals(parent.pid(), pid, "no child started");
                return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("child " + pid + " already gone"));
            }
        }
        throw new AssertionError("no probe line in: " + seen);
    }

    private static boolean waitGone(ProcessHandle h, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (h.isAlive() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return !h.isAlive();
    }
}
