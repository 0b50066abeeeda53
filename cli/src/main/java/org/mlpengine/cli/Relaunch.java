package org.mlpengine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a command in a second JVM started with what the cpu backend needs, when the JVM it was started in lacks it.
 * Plain {@code java -jar mlp-engine.jar} resolves no {@code jdk.incubator.vector} module (the cpu kernels fall back
 * to scalar loops, about 20x slower) and runs with G1, tiered compilation and 8-byte object alignment. The child is
 * the same {@code java} binary with every JVM option of this one (properties, memory sizes, the user's own -XX
 * flags, which win over ours), plus {@link #OPTIONS} and the module; it inherits the standard streams, and its exit
 * code becomes this JVM's. {@code -Dmlpengine.relaunch=false} turns it off.
 */
final class Relaunch {
    static final String OPT_OUT = "mlpengine.relaunch";
    /** Set on the child, to the pid of the JVM that started it: the guard against a second relaunch. */
    static final String MARKER = "mlpengine.relaunched";
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /**
     * The JVM flags the cpu backend wants, each with the names of the flags that, given by the user, replace it.
     * SerialGC: a warm training step allocates nothing, and G1 grows the heap during warm-up. No tiered
     * compilation: C1-compiled Vector API code boxes every vector, and a method deoptimized late in a run could fall
     * back to it and stay there. 64-byte object alignment: the cpu backend then starts every matrix on a cache line
     * (split vector loads slow the forward product). The numbers: cpu-backend/PERFORMANCE.md, "Constants in the code".
     */
    static final List<Flag> OPTIONS = List.of(
            new Flag("-XX:+UseSerialGC", name -> name.matches("Use\\w*GC")),
            new Flag("-XX:-TieredCompilation", name -> name.equals("TieredCompilation") || name.equals("TieredStopAtLevel")),
            new Flag("-XX:ObjectAlignmentInBytes=64", name -> name.equals("ObjectAlignmentInBytes")));
    /**
     * Transparent huge pages, where the kernel offers them (madvise or always): the training set is read in random
     * rows and every page-table walk is a nested one on a virtual machine; about 10 % per epoch.
     */
    static final Flag HUGE_PAGES = new Flag("-XX:+UseTransparentHugePages",
            name -> name.equals("UseTransparentHugePages") || name.equals("UseLargePages"));

    /** A flag we add, and which user flags replace it. */
    record Flag(String option, Predicate<String> replacedBy) {
    }

    /** Why this JVM runs the command itself though it lacks options; null when it did not have to decide. */
    private static String notRelaunched;

    private Relaunch() {
    }

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM if this one lacks the cpu backend's options and may start
     * one; returns the child's exit code, or nothing when the command is to run in this JVM.
     */
    static OptionalInt runInChildIfNeeded(String mainClass, String[] args) {
        String parent = System.getProperty(MARKER);
        if (parent != null) { // a child: never a second relaunch
            if (parent.matches("\\d{1,18}")) {
                watchParent(Long.parseLong(parent));
            }
            return OptionalInt.empty();
        }
        if ("false".equalsIgnoreCase(System.getProperty(OPT_OUT))) {
            notRelaunched = "relaunch off by -D" + OPT_OUT + "=false";
            return OptionalInt.empty();
        }
        Jvm jvm = Jvm.current();
        if (jvm.inputArguments() == null) {
            notRelaunched = "cannot relaunch: this Java runtime has no java.management module to read its options from";
            return OptionalInt.empty();
        }
        List<String> lacking = jvm.lacking();
        if (lacking.isEmpty()) {
            return OptionalInt.empty();
        }
        if (jvm.inputArguments().stream().anyMatch(a -> a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp"))) {
            notRelaunched = "no relaunch: a debugger agent is attached to this JVM";
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(lacking); // first, so that an option of the user's given the other way round still wins
        command.addAll(jvm.inputArguments());
        command.add("-D" + MARKER + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // Their contents are among this JVM's input arguments already: read twice they would be applied (and
        // announced on stderr) twice.
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        return runChild(builder);
    }

    /** Starts the child and waits for it; its exit code, or nothing if it could not be started. */
    private static OptionalInt runChild(ProcessBuilder builder) {
        ChildHolder holder = new ChildHolder();
        // SIGTERM or Ctrl-C to this JVM runs its shutdown hooks: pass the end on, so no child is left behind.
        Thread stopChild = new Thread(holder::stop, "mlp-engine-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        Process child;
        try {
            child = holder.start(builder);
        } catch (IOException e) {
            Runtime.getRuntime().removeShutdownHook(stopChild);
            notRelaunched = "cannot relaunch: " + e.getMessage();
            System.err.println("note: could not start a JVM with the cpu backend's options (" + e.getMessage()
                    + "); running in this one");
            return OptionalInt.empty();
        }
        if (child == null) {
            return OptionalInt.of(143); // this JVM is already shutting down (SIGTERM before the start)
        }
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // nothing interrupts the main thread on purpose: keep waiting for the child
            }
        }
    }

    /** The child process, started only if the shutdown hook has not run yet, so that none outlives this JVM. */
    private static final class ChildHolder {
        private Process child;
        private boolean stopping;

        synchronized Process start(ProcessBuilder builder) throws IOException {
            if (!stopping) {
                child = builder.start();
            }
            return child;
        }

        void stop() {
            Process c;
            synchronized (this) {
                stopping = true;
                c = child;
            }
            if (c == null || !c.isAlive()) {
                return;
            }
            c.destroy(); // SIGTERM: the child's JVM runs its own hooks and ends
            try {
                if (!c.waitFor(5, TimeUnit.SECONDS)) {
                    c.destroyForcibly();
                }
            } catch (InterruptedException e) {
                c.destroyForcibly();
            }
        }
    }

    /**
     * In the child: ends this JVM when the one that started it is gone. SIGKILL runs no shutdown hook, so the parent
     * cannot stop the child then; an orphan is given a new parent (init or a subreaper), which this notices.
     */
    private static void watchParent(long parentPid) {
        Thread watch = new Thread(() -> {
            while (true) {
                long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (now != parentPid) {
                    System.err.println("error: the JVM that started this one (pid " + parentPid + ") has ended; stopping");
                    System.exit(1);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mlp-engine-watch-parent");
        watch.setDaemon(true);
        watch.start();
    }

    /** One line on which JVM runs the command and whether it has the cpu backend's options (plain {@code train}, {@code backends}). */
    static String describe() {
        Jvm jvm = Jvm.current();
        String parent = System.getProperty(MARKER);
        String how = parent != null ? "relaunched by pid " + parent
                : notRelaunched != null ? "as started (" + notRelaunched + ")" : "as started";
        if (jvm.inputArguments() == null) {
            return "JVM: " + how + ", its options unknown; " + (jvm.vectorModule() ? "with" : "without") + " the Vector API";
        }
        List<String> lacking = jvm.lacking();
        String has = "with the cpu backend's options";
        if (!lacking.isEmpty()) {
            has = "lacking the cpu backend's " + String.join(" ", lacking) + (jvm.vectorModule() ? "" : " (scalar kernels)");
        }
        return "JVM: " + how + ", " + has;
    }

    /** What is known of a JVM: its input arguments (null where they cannot be read), modules and platform. */
    record Jvm(List<String> inputArguments, boolean vectorModule, boolean hotSpot, boolean hugePagesOffered) {
        static Jvm current() {
            return new Jvm(InputArguments.read(), ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
                    System.getProperty("java.vm.name", "").contains("Server VM"), kernelOffersHugePages());
        }

        /** The options this JVM lacks: the module if absent, and each flag neither given nor replaced by the user. */
        List<String> lacking() {
            List<String> lacking = new ArrayList<>();
            if (!vectorModule) {
                lacking.add("--add-modules=" + VECTOR_MODULE);
            }
            if (!hotSpot) {
                return lacking; // the flags are HotSpot's
            }
            List<Flag> flags = new ArrayList<>(OPTIONS);
            if (hugePagesOffered) {
                flags.add(HUGE_PAGES);
            }
            for (Flag f : flags) {
                if (inputArguments.stream().map(Jvm::xxName).noneMatch(n -> n != null && f.replacedBy().test(n))) {
                    lacking.add(f.option());
                }
            }
            return lacking;
        }

        /** The flag's name in "-XX:+Name", "-XX:-Name" or "-XX:Name=value", null for other options. */
        static String xxName(String arg) {
            if (!arg.startsWith("-XX:")) {
                return null;
            }
            String s = arg.substring(4);
            if (s.startsWith("+") || s.startsWith("-")) {
                s = s.substring(1);
            }
            int eq = s.indexOf('=');
            return eq < 0 ? s : s.substring(0, eq);
        }

        private static boolean kernelOffersHugePages() {
            try {
                String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
                return mode.contains("[madvise]") || mode.contains("[always]");
            } catch (IOException | RuntimeException e) {
                return false; // not Linux, or no THP
            }
        }
    }

    /** Kept apart so that a runtime without java.management (a jlinked one) never loads its classes. */
    private static final class InputArguments {
        static List<String> read() {
            if (ModuleLayer.boot().findModule("java.management").isEmpty()) {
                return null;
            }
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        }
    }
}
