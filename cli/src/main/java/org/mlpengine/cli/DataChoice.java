package org.mlpengine.cli;

import java.nio.file.Path;
import java.util.List;

import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Mnist;
import org.mlpengine.core.data.MnistFetcher;
import org.mlpengine.core.data.StratifiedSplit;

import picocli.CommandLine.Option;

/** Where the MNIST-format data is and how it is split, shared by {@code train} and {@code evaluate}. */
final class DataChoice {
    @Option(names = "--data-dir", paramLabel = "DIR",
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

    int testCount() {
        return split == null ? StratifiedSplit.SEED_TEST : split.get(0);
    }

    int validCount() {
        return split == null ? StratifiedSplit.SEED_VALID : split.get(1);
    }

    void check() {
        if (split != null && (split.size() != 2 || split.get(0) <= 0 || split.get(1) <= 0)) {
            throw new UserError("--split takes two positive sample counts TEST,VALID (e.g. 10000,5000), got " + split);
        }
    }

    Dataset load() {
        return Mnist.load(dataDir != null ? dataDir
                : new MnistFetcher().ensure(DataCache.defaultDir(), msg -> System.err.println(msg)));
    }
}
