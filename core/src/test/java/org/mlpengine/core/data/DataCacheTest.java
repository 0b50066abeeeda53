package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataCacheTest {
    @Test
    void envOverridesHome() {
        assertEquals(Path.of("/data/x"), DataCache.defaultDir(Map.of("MLP_ENGINE_DATA", "/data/x"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/mlp-engine/mnist"), DataCache.defaultDir(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/mlp-engine/mnist"), DataCache.defaultDir(Map.of("MLP_ENGINE_DATA", " "), "/home/u"));
        String env = System.getenv("MLP_ENGINE_DATA");
        Path expected = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "mlp-engine", "mnist");
        assertEquals(expected, DataCache.defaultDir());
    }
}
