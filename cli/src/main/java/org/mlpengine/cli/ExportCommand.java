package org.mlpengine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mlpengine.core.model.io.Npz;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a saved model's weights as a NumPy .npz archive. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a saved model's weights as NumPy .npz: layer_sizes, weight_1, bias_1, weight_2, ... "
                + "(layer l computes sigmoid(x @ weight_l.T + bias_l)).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ModelChoice modelChoice;

    @Option(names = "--npz", paramLabel = "FILE", required = true, description = "The .npz file to write.")
    Path npz;

    @Override
    public Integer call() {
        try {
            Npz.write(npz, Npz.arrays(modelChoice.load().model()));
        } catch (IOException e) {
            throw new UncheckedIOException(npz + ": cannot write: " + e.getMessage(), e);
        }
        System.out.println("Wrote " + npz);
        return 0;
    }
}
