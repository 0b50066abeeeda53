package org.mlpengine.core.backend;

import java.util.Locale;

/** Byte counts for people, in the words every backend's memory errors use: "512 B", "4.0 MiB", "1.5 GiB". */
public final class Bytes {
    private Bytes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
