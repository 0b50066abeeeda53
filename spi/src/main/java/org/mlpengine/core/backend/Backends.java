package org.mlpengine.core.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backend providers with {@link ServiceLoader} and picks one by name.
 *
 * <p>Names: {@code cpu}, {@code opencl}, {@code cuda} (whatever providers are on the class path) and
 * {@code auto}, the available provider with the highest {@link BackendProvider#speedRank()}.
 * The system properties {@code backend} and {@code device} give the defaults.
 */
public final class Backends {
    public static final String AUTO = "auto";

    private Backends() {
    }

    /** Every provider on the class path, sorted by name. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            list.add(p);
        }
        list.sort(Comparator.comparing(BackendProvider::name));
        return list;
    }

    /** The backend name asked for with {@code -Dbackend=}, or {@code auto}. */
    public static String requestedName() {
        return System.getProperty("backend", AUTO).trim().toLowerCase(Locale.ROOT);
    }

    /** The device index asked for with {@code -Ddevice=}, or 0. */
    public static int requestedDevice() {
        String s = System.getProperty("device", "0").trim();
        try {
            int d = Integer.parseInt(s);
            if (d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BackendException("-Ddevice must be a device number (0, 1, ...), got '" + s + "'");
        }
    }

    /**
     * The provider for {@code name}, which must be available.
     *
     * @throws BackendException naming the backends that exist and why the others cannot run
     */
    public static BackendProvider select(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        List<BackendProvider> all = providers();
        if (wanted.equals(AUTO)) {
            return all.stream()
                    .filter(p -> p.probe().available())
                    .max(Comparator.comparingInt(BackendProvider::speedRank))
                    .orElseThrow(() -> new BackendException("no backend can run here: " + summary(all)));
        }
        for (BackendProvider p : all) {
            if (p.name().equals(wanted)) {
                Availability a = p.probe();
                if (!a.available()) {
                    throw new BackendException("backend '" + wanted + "' is unavailable: " + a.reason());
                }
                return p;
            }
        }
        throw new BackendException("unknown backend '" + name + "'; choose one of "
                + all.stream().map(BackendProvider::name).collect(Collectors.joining(", ")) + " or auto ("
                + summary(all) + ")");
    }

    /** Opens the named backend on the given device, checking the device index against the probe. */
    public static Backend open(String name, BackendOptions options) {
        BackendProvider p = select(name);
        int devices = p.probe().devices().size();
        if (options.device() >= devices) {
            throw new BackendException("backend '" + p.name() + "' has " + devices + " device(s) (0.."
                    + (devices - 1) + "), there is no device " + options.device());
        }
        return p.open(options);
    }

    /** One line per provider: "cpu: available", "cuda: unavailable (libcuda.so.1 not loadable)". */
    static String summary(List<BackendProvider> all) {
        if (all.isEmpty()) {
            return "no backend module on the class path";
        }
        return all.stream().map(p -> {
            Availability a = p.probe();
            return p.name() + (a.available() ? " available" : " unavailable: " + a.reason());
        }).collect(Collectors.joining("; "));
    }
}
