package org.mlpengine.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;

/**
 * The entry point of {@code benchmarks.jar}: JMH's command line, with the {@code backend} parameter cut down to
 * the backends that can run here. Each one left out is printed with its reason; none is run to fail.
 * {@code -p backend=a,b} narrows the choice; without it every backend on the class path is tried.
 */
public final class BenchMain {
    /** The CPU backend's Vector API; every benchmark fork gets it. */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    /** As the launcher: objects on cache lines, so the cpu backend's matrices start on one (see its CpuMemory). */
    static final String ALIGN_OBJECTS = "-XX:ObjectAlignmentInBytes=64";
    /**
     * As the launcher: C2 only, so the forks measure what a training run executes. (With tiered compilation a
     * kernel passes through C1 code, where every vector is an object; C2 alone can still leave a big tile
     * boxing, see cpu-backend/PERFORMANCE.md, and the report's allocation column shows it.)
     */
    static final String C2_ONLY = "-XX:-TieredCompilation";

    private static final String BACKEND_PARAM = "backend=";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (listingOnly(args)) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        List<String> jmhArgs = new ArrayList<>(Arrays.asList(args));
        int at = backendParamIndex(jmhArgs);
        List<String> wanted = at < 0
                ? Backends.providers().stream().map(BackendProvider::name).toList()
                : Arrays.asList(jmhArgs.get(at).substring(BACKEND_PARAM.length()).split(","));
        List<String> runnable = runnable(wanted);
        if (runnable.isEmpty()) {
            System.out.println("No backend to benchmark: every one asked for was skipped.");
            return;
        }
        if (at < 0) {
            jmhArgs.add("-p");
            jmhArgs.add(BACKEND_PARAM + String.join(",", runnable));
        } else {
            jmhArgs.set(at, BACKEND_PARAM + String.join(",", runnable));
        }
        System.out.println("Benchmarking backends: " + String.join(", ", runnable));
        org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
    }

    /** The wanted names that can run, in order; prints "SKIPPED name: reason" for the others. */
    static List<String> runnable(List<String> wanted) {
        List<BackendProvider> providers = Backends.providers();
        List<String> ok = new ArrayList<>();
        for (String name : wanted) {
            Optional<BackendProvider> p = providers.stream().filter(x -> x.name().equals(name.trim())).findFirst();
            Availability a = p.map(BackendProvider::probe)
                    .orElse(Availability.unavailable("no such backend module on the class path"));
            if (a.available()) {
                ok.add(name.trim());
            } else {
                System.out.println("SKIPPED backend " + name.trim() + ": " + a.reason());
            }
        }
        return ok;
    }

    /** Index of the value of {@code -p backend=...}, or -1. */
    private static int backendParamIndex(List<String> args) {
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i - 1).equals("-p") && args.get(i).startsWith(BACKEND_PARAM)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean listingOnly(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("-l") || a.equals("-lp")
                || a.equals("-lprof") || a.equals("-lrf"));
    }
}
