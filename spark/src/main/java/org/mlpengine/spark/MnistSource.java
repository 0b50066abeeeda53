package org.mlpengine.spark;

import java.nio.file.Path;

import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Mnist;
import org.mlpengine.core.data.MnistFetcher;

/**
 * MNIST-format IDX files in {@code dir} on every machine that loads them; {@code dir == null}: the engine's data cache
 * ({@code $MLP_ENGINE_DATA}, else {@code ~/.cache/mlp-engine/mnist}), filled on first use as the command line does.
 */
public record MnistSource(String dir) implements DataSource {
    @Override
    public Dataset load() {
        Path folder = dir != null ? Path.of(dir)
                : new MnistFetcher().ensure(DataCache.defaultDir(), msg -> System.err.println(msg));
        return Mnist.load(folder);
    }

    @Override
    public String describe() {
        return dir != null ? dir : "the data cache (" + DataCache.defaultDir() + ")";
    }
}
