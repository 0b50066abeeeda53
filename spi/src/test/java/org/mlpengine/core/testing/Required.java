package org.mlpengine.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;

/**
 * What a test needs from the machine (a backend, NumPy, the MNIST files) and whether this run insists on it.
 * Where the thing is missing, a test is skipped with the reason printed, unless it is named in
 * {@code $MLPENGINE_REQUIRE} or {@code -Dmlpengine.require} (comma-separated, e.g. {@code opencl,numpy,mnist}):
 * then it fails, saying so. CI sets the variable, so a broken OpenCL install fails the build instead of
 * turning every OpenCL test into a skip.
 */
public final class Required {
    public static final String ENV = "MLPENGINE_REQUIRE";
    public static final String PROPERTY = "mlpengine.require";

    private static final Map<String, String> DISPLAY = Map.of("opencl", "OpenCL", "cuda", "CUDA", "cpu", "The cpu backend",
            "numpy", "NumPy", "mnist", "MNIST");

    private Required() {
    }

    /** The names this run requires, lower case. */
    public static Set<String> names() {
        String p = System.getProperty(PROPERTY);
        String e = System.getenv(ENV);
        String all = (p == null ? "" : p) + "," + (e == null ? "" : e);
        return Arrays.stream(all.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public static boolean isRequired(String name) {
        return names().contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Returns if {@code available}; otherwise fails the calling test where {@code name} is required, else skips
     * it. Either way the message is printed (surefire's summary alone hides a skip's reason).
     */
    public static void assume(String name, boolean available, Supplier<String> reason) {
        if (available) {
            return;
        }
        String display = DISPLAY.getOrDefault(name.toLowerCase(Locale.ROOT), name);
        if (isRequired(name)) {
            String msg = display + " required (" + source() + ") but unavailable: " + reason.get();
            printOnce("[required] " + msg);
            fail(msg);
        }
        String msg = display + " unavailable: " + reason.get();
        printOnce("[skipped] " + msg);
        assumeTrue(false, msg);
    }

    /** Messages already printed: a missing backend skips hundreds of conformance tests with the same reason. */
    private static final Set<String> PRINTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void printOnce(String line) {
        if (PRINTED.add(line)) {
            System.out.println(line);
        }
    }

    /** {@link #assume} for a backend, with its probe's reason. */
    public static void backend(String name, Availability availability) {
        assume(name, availability.available(), availability::reason);
    }

    /** {@link #backend(String, Availability)} for the provider of that name on the class path. */
    public static void backend(String name) {
        BackendProvider p = Backends.providers().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no backend provider named " + name + " on the class path"));
        backend(name, p.probe());
    }

    private static String source() {
        String p = System.getProperty(PROPERTY);
        String e = System.getenv(ENV);
        StringBuilder sb = new StringBuilder();
        if (e != null && !e.isBlank()) {
            sb.append(ENV).append('=').append(e);
        }
        if (p != null && !p.isBlank()) {
            sb.append(sb.length() > 0 ? ", " : "").append("-D").append(PROPERTY).append('=').append(p);
        }
        return sb.toString();
    }
}
