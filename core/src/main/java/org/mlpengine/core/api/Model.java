package org.mlpengine.core.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.SavedModel;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.Predictor;
import org.mlpengine.core.train.TrainingConfig;

/**
 * A trained MLP: its weights on the host, how it was trained and how it scored. Made by {@link TrainingRun#run()},
 * read by {@link #load(Path)} from a {@code .mlpm} file (the command line's {@code model.mlpm} too).
 *
 * <p>Inputs are {@link Dataset}s whose {@code features()} equal the input layer's size. Predictions run on a
 * backend: either one the caller opened and owns ({@code predict(Backend, ...)}), or one opened by name for the
 * call and closed after it. Instances are immutable; several threads may use one, each on its own backend.
 */
public final class Model {
    static final String CREATED_BY = "mlp-engine Java API";

    private final SavedModel saved;
    private final Metrics test;

    Model(SavedModel saved, Metrics test) {
        this.saved = saved;
        this.test = test;
    }

    /**
     * Reads a model file.
     *
     * @throws org.mlpengine.core.model.io.ModelFileException one line: the file is missing, not a model file,
     *                                                        damaged, or of a newer format
     */
    public static Model load(Path file) {
        SavedModel s = ModelFile.read(file);
        var t = s.info().test();
        return new Model(s, t == null ? null : new Metrics(t.mse(), t.accuracy(), s.info().training().splitTest()));
    }

    /** Writes the model file, atomically (a reader sees the old file or the new one, never a part). */
    public void save(Path file) {
        ModelFile.write(file, saved);
    }

    /** Layer sizes, input first. */
    public int[] layers() {
        return saved.model().sizes();
    }

    /** One entry per trained epoch, in order. */
    public List<EpochResult> history() {
        return saved.info().history();
    }

    /** MSE and accuracy (a fraction, 0..1) on the test part of the split it was trained with; null if unknown. */
    public Metrics testMetrics() {
        return test;
    }

    /** The predicted class (first maximum output) of every sample, on the named backend. */
    public int[] predict(String backend, Dataset data) {
        try (Backend be = MlpEngine.openBackend(backend)) {
            return predict(be, data);
        }
    }

    /** The predicted class of every sample, on a backend the caller owns (left open). */
    public int[] predict(Backend backend, Dataset data) {
        try (Predictor p = predictor(backend)) {
            return p.predict(data);
        }
    }

    /** The output layer's sigmoid activations, {@code data.rows() x outputs}, row-major, on the named backend. */
    public float[] scores(String backend, Dataset data) {
        try (Backend be = MlpEngine.openBackend(backend); Predictor p = predictor(be)) {
            return p.scores(data);
        }
    }

    /** {@link #scores(String, Dataset)} on a backend the caller owns (left open). */
    public float[] scores(Backend backend, Dataset data) {
        try (Predictor p = predictor(backend)) {
            return p.scores(data);
        }
    }

    /**
     * MSE (over every sample and output) and accuracy of the model on labelled data, batched as in training, so a
     * saved model scores on its test part exactly what training reported.
     *
     * @throws IllegalArgumentException the data's features or labels do not fit the model's layers
     */
    public Metrics evaluate(String backend, Dataset data) {
        try (Backend be = MlpEngine.openBackend(backend); Predictor p = predictor(be)) {
            return p.evaluate(data);
        }
    }

    /** {@link #evaluate(String, Dataset)} on a backend the caller owns (left open). */
    public Metrics evaluate(Backend backend, Dataset data) {
        try (Predictor p = predictor(backend)) {
            return p.evaluate(data);
        }
    }

    private Predictor predictor(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        return new Predictor(backend, saved.model(),
                TrainingConfig.evaluationRows(saved.info().training().batchSize()));
    }
}
