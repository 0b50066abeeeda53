package org.mlpengine.core.data;

import java.nio.file.Path;
import java.util.Map;

/** Where downloaded data lives. */
public final class DataCache {

    /** Environment variable that overrides the cache directory. */
    public static final String ENV = "MLP_ENGINE_DATA";

    private DataCache() {
    }

    /** {@code $MLP_ENGINE_DATA} if set and not blank, else {@code ~/.cache/mlp-engine/mnist}. */
    public static Path defaultDir() {
        return defaultDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultDir(Map<String, String> env, String userHome) {
        String v = env.get(ENV);
        if (v != null && !v.isBlank()) {
            return Path.of(v);
        }
        return Path.of(userHome, ".cache", "mlp-engine", "mnist");
    }
}
