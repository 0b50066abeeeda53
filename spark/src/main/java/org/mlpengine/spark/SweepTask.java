package org.mlpengine.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mlpengine.cli.UserErrors;
import org.mlpengine.core.api.MlpEngine;
import org.mlpengine.core.api.Model;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.DataException;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.train.TrainingDivergedException;

/** One sweep setting, trained inside a Spark task with the engine's Java API on the executor's backend. */
public final class SweepTask {
    private SweepTask() {
    }

    /**
     * Trains {@code setting} on the task's backend. A setting that does not fit the data, or diverges, is a result
     * (the other settings go on); a backend that cannot open fails the task.
     */
    public static SweepResult train(Setting setting, SweepSpec spec) {
        Dataset all = DataSource.loadCached(spec.data());
        try (Backend backend = spec.device().open()) {
            long t0 = System.nanoTime();
            try {
                Model model = MlpEngine.training()
                        .layers(all.features(), setting.hidden(), all.classes())
                        .data(all).splitSizes(spec.splitTest(), spec.splitValid())
                        .batchSize(setting.batchSize()).learningRate(setting.learningRate())
                        .epochs(setting.epochs()).seed(setting.seed()).numpyCompatible(spec.numpyCompat())
                        .backend(backend)
                        .run();
                double seconds = (System.nanoTime() - t0) / 1e9;
                return new SweepResult(setting, SweepResult.OK, null,
                        model.history().stream().map(EpochStats::of).toList(), model.testMetrics().mse(),
                        model.testMetrics().accuracy(), seconds, backend.name(), backend.device().toString(), host(),
                        bytes(model));
            } catch (TrainingDivergedException e) {
                return unfinished(setting, SweepResult.DIVERGED, e, t0, backend);
            } catch (IllegalArgumentException | DataException e) {
                return unfinished(setting, SweepResult.FAILED, e, t0, backend);
            }
        }
    }

    private static SweepResult unfinished(Setting setting, String status, RuntimeException e, long t0, Backend backend) {
        return new SweepResult(setting, status, UserErrors.oneLine(e.getMessage()), List.of(), Double.NaN, Double.NaN,
                (System.nanoTime() - t0) / 1e9, backend.name(), backend.device().toString(), host(), new byte[0]);
    }

    /** The model file's bytes: Model writes only to a file (atomically), so through a temporary one. */
    private static byte[] bytes(Model model) {
        try {
            Path dir = Files.createTempDirectory("mlp-engine-sweep");
            Path file = dir.resolve("model.mlpm");
            try {
                model.save(file);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to a temporary file: " + e.getMessage(), e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
