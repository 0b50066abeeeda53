package org.mlpengine.cli;

import java.nio.file.Path;
import java.util.List;
import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Mnist;
import org.mlpengine.core.data.MnistFetcher;
import org.mlpengine.core.data.StratifiedSplit;
import picocli.CommandLine.Option;

/**
 * Where the MNIST-format data is and how it is split: a picocli mixin shared by {@code train}, {@code evaluate} and
 * the Spark front end's commands (where the folder must exist at the same path on every machine).
 */
public final class DataChoice {
    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR",
            description = "Folder holding the four MNIST-format IDX files (raw or .gz). "
                    + "Default: the cache ($MLP_ENGINE_DATA or ~/.cache/mlp-engine/mnist), fetched if missing.")
    Path dataDir;

    @Option(names = "--split", paramLabel = "TEST,VALID", split = ",",
            description = "Sizes of the stratified test and validation parts; the rest trains "
                    + "(default: the book's 10000,5000).")
    List<Integer> split;

    boolean splitGiven() {
        return split != null;
    }

    public int testCount() {
        return split == null ? StratifiedSplit.SEED_TEST : split.get(0);
    }

    public int validCount() {
        return split == null ? StratifiedSplit.SEED_VALID : split.get(1);
    }

    /** Checks the options before any slow work. */
    public void check() {
        if (split != null && (split.size() != 2 || split.get(0) <= 0 || split.get(1) <= 0)) {
            throw new UserError("--split takes two positive sample counts TEST,VALID (e.g. 10000,5000), got " + split);
        }
    }

    /** The folder given, or null for the data cache. */
    public Path dataDir() {
        return dataDir;
    }

    Dataset load() {
        return load(dataDir);
    }

    /** The data in {@code dir}, or for null in the cache, fetched there first if missing (progress on stderr). */
    public static Dataset load(Path dir) {
        return Mnist.load(dir != null ? dir
                : new MnistFetcher().ensure(DataCache.defaultDir(), msg -> System.err.println(msg)));
    }
}
