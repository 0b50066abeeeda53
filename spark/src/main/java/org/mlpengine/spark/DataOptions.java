package org.mlpengine.spark;

import java.nio.file.Path;
import java.util.List;

import org.mlpengine.core.data.StratifiedSplit;

import picocli.CommandLine.Option;

/** Where the MNIST-format data is (on every machine) and how it is split. */
final class DataOptions {
    @Option(names = {"--data", "--data-dir"}, paramLabel = "DIR",
            description = "Folder holding the four MNIST-format IDX files (raw or .gz), at this path on every "
                    + "executor. Default: the data cache ($MLP_ENGINE_DATA or ~/.cache/mlp-engine/mnist), fetched "
                    + "on each machine if missing.")
    Path dir;

    @Option(names = "--split", paramLabel = "TEST,VALID", split = ",",
            description = "Sizes of the stratified test and validation parts; the rest trains (default 10000,5000).")
    List<Integer> split;

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

    DataSource source() {
        return new MnistSource(dir == null ? null : dir.toAbsolutePath().toString());
    }
}
