package org.mlpengine.core.api;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.data.StratifiedSplit;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.RandomScheme;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.Shards;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;

/**
 * One training run, set up builder-style and started with {@link #run()}: the seed's MLP (sigmoid layers, MSE on
 * one-hot targets, minibatch SGD) with any layer sizes, on any backend. Get one from {@link MlpEngine#training()};
 * every setting starts at the seed's value.
 *
 * <p>The data is either one {@link Dataset}, split stratified by class into train, validation and test parts with
 * the run's seed ({@link #data(Dataset)}, sizes from {@link #splitSizes(int, int)}), or a ready {@link Split}.
 * The same settings on the same backend give bit-identical weights.
 *
 * <p>A builder is for one thread; {@link #run()} may be called more than once (each call trains from fresh
 * weights).
 */
public final class TrainingRun {
    private int[] layers = TrainingConfig.SEED_SIZES;
    private Dataset data;
    private Split split;
    private int splitTest = StratifiedSplit.SEED_TEST;
    private int splitValid = StratifiedSplit.SEED_VALID;
    private int epochs = TrainingConfig.SEED_EPOCHS;
    private int batchSize = TrainingConfig.SEED_BATCH;
    private float learningRate = TrainingConfig.SEED_LEARNING_RATE;
    private long seed = TrainingConfig.SEED_SEED;
    private int replicas = 1;
    private RandomScheme scheme = RandomScheme.ENGINE;
    private String backendName = "auto";
    private Backend backend;
    private TrainingListener listener = TrainingListener.NONE;

    TrainingRun() {
    }

    /** Layer sizes, input first: {@code (784, 50, 10)} is the seed's. The input size must equal the data's features. */
    public TrainingRun layers(int... sizes) {
        this.layers = sizes.clone();
        return this;
    }

    /** All samples; {@link #run()} splits them stratified by class with the run's seed. */
    public TrainingRun data(Dataset all) {
        this.data = Objects.requireNonNull(all, "data");
        this.split = null;
        return this;
    }

    /** Train, validation and test parts chosen by the caller (replaces {@link #data(Dataset)}). */
    public TrainingRun split(Split parts) {
        this.split = Objects.requireNonNull(parts, "split");
        this.data = null;
        return this;
    }

    /** Samples drawn for the test and validation parts by {@link #data(Dataset)}'s split (default 10,000 and 5,000). */
    public TrainingRun splitSizes(int test, int valid) {
        this.splitTest = test;
        this.splitValid = valid;
        return this;
    }

    public TrainingRun epochs(int n) {
        this.epochs = n;
        return this;
    }

    /** Minibatch size; an epoch drops the last incomplete minibatch, as the seed does. */
    public TrainingRun batchSize(int n) {
        this.batchSize = n;
        return this;
    }

    public TrainingRun learningRate(float rate) {
        this.learningRate = rate;
        return this;
    }

    /** Seeds the split, the initial weights and every epoch's shuffle. */
    public TrainingRun seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Synchronous data-parallel SGD with {@code n} replicas on the run's backend (default 1): each minibatch is cut
     * into {@code n} shards whose gradients are added on the host in a fixed order, so the model is the one
     * replica's up to float rounding and the same bits every run. The batch size must be at least {@code n}.
     */
    public TrainingRun replicas(int n) {
        this.replicas = n;
        return this;
    }

    /** Draw the split, weights and shuffles exactly as the book's NumPy and scikit-learn code does (seed 0..2^32-1). */
    public TrainingRun numpyCompatible(boolean on) {
        this.scheme = on ? RandomScheme.NUMPY : RandomScheme.ENGINE;
        return this;
    }

    /** Train on the named backend ({@code cpu}, {@code opencl}, {@code cuda}, {@code auto}), opened and closed by the run. */
    public TrainingRun backend(String name) {
        this.backendName = Objects.requireNonNull(name, "backend");
        this.backend = null;
        return this;
    }

    /** Train on a backend the caller opened and still owns (the run leaves it open). */
    public TrainingRun backend(Backend open) {
        this.backend = Objects.requireNonNull(open, "backend");
        return this;
    }

    /** Told after each epoch (and now and then within one), on the thread that called {@link #run()}. */
    public TrainingRun listener(TrainingListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /**
     * Trains and tests.
     *
     * @return the trained model, with its epoch history and test metrics
     * @throws IllegalArgumentException a setting is out of range, or the data does not fit the layers
     * @throws org.mlpengine.core.data.DataException the split cannot be drawn (e.g. a part larger than the data)
     * @throws org.mlpengine.core.backend.BackendException the backend cannot run here
     * @throws org.mlpengine.core.train.TrainingDivergedException the weights became NaN or infinite
     */
    public Model run() {
        TrainingConfig config = new TrainingConfig(layers, batchSize, learningRate, epochs, seed, scheme);
        Shards.split(batchSize, replicas);
        if (data == null && split == null) {
            throw new IllegalArgumentException("no data: call data(Dataset) or split(Split)");
        }
        Split parts = split != null ? split : scheme.split(data, splitTest, splitValid, seed);
        Mlp initial = scheme.initialize(layers, seed);
        if (backend != null) {
            return train(backend, config, parts, initial);
        }
        try (Backend own = MlpEngine.openBackend(backendName)) {
            return train(own, config, parts, initial);
        }
    }

    private Model train(Backend be, TrainingConfig config, Split parts, Mlp initial) {
        try (Trainer trainer = new Trainer(Collections.nCopies(replicas, be), config, parts, initial)) {
            List<EpochResult> history = trainer.train(1, listener);
            Metrics test = trainer.evaluateTest();
            Mlp trained = trainer.model();
            ModelInfo info = new ModelInfo(ModelInfo.MODEL, config.sizes(), ModelInfo.SIGMOID,
                    ModelInfo.Input.mnist(config.sizes()[0]),
                    new ModelInfo.Training(batchSize, learningRate, epochs, seed, parts.test().rows(),
                            parts.valid().rows(), data != null ? data.fingerprint() : parts.train().fingerprint(),
                            be.name(), be.device().toString(), scheme.id()),
                    history.size(), history, new ModelInfo.TestMetrics(test.mse(), test.accuracy()),
                    Model.CREATED_BY, Instant.now().toString());
            return new Model(new SavedModel(trained, info), test);
        }
    }
}
