package org.mlpengine.core.backend;

import java.util.List;

/** The answer of {@link BackendProvider#probe()}: usable devices, or the reason there are none. */
public record Availability(boolean available, String reason, List<DeviceInfo> devices) {

    public Availability {
        devices = List.copyOf(devices);
        if (!available && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("an unavailable backend must say why");
        }
    }

    public static Availability available(List<DeviceInfo> devices) {
        return new Availability(true, "", devices);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason, List.of());
    }

    /** One line of text from a {@link Throwable}: its deepest cause's message, which is usually the useful one. */
    public static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        String text = root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        return text.replace('\n', ' ').trim();
    }
}
