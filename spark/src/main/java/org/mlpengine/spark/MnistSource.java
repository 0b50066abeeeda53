package org.mlpengine.spark;

import java.nio.file.Path;
import org.mlpengine.cli.DataChoice;
import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.Dataset;

/**
 * MNIST-format IDX files in {@code dir} on every machine that loads them; {@code dir == null}: the engine's data cache
 * ({@code $MLP_ENGINE_DATA}, else {@code ~/.cache/mlp-engine/mnist}), filled on first use as the command line does.
 */
public record MnistSource(String dir) implements DataSource {
    @Override
    public Dataset load() {
        return DataChoice.load(dir != null ? Path.of(dir) : null);
    }

    /** The data the command line's options name, as every executor will load it. */
    static MnistSource of(DataChoice data) {
        return new MnistSource(data.dataDir() == null ? null : data.dataDir().toAbsolutePath().toString());
    }

    @Override
    public String describe() {
        return dir != null ? dir : "the data cache (" + DataCache.defaultDir() + ")";
    }
}
