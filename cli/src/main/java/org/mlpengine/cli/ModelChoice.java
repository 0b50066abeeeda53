package org.mlpengine.cli;

import java.nio.file.Path;

import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.SavedModel;

import picocli.CommandLine.Option;

/** The {@code --model FILE} option of the commands that use a saved model. */
final class ModelChoice {
    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "A model (or checkpoint) file written by 'train', usually ending in .mlpm.")
    Path file;

    SavedModel load() {
        return ModelFile.read(file);
    }
}
