package org.mlpengine.core.train;

import java.util.Arrays;
import org.mlpengine.core.model.RandomScheme;

/**
 * Settings of one training run; defaults are the seed's (784-50-10, batch 100, learning rate 0.1,
 * 50 epochs, seed 123).
 *
 * @param sizes        layer sizes, input first
 * @param batchSize    minibatch size; the last incomplete minibatch of an epoch is dropped, as in the seed
 * @param learningRate SGD step size
 * @param epochs       number of epochs
 * @param seed         seeds the split, the weight initialization and the per-epoch shuffles
 * @param randomScheme the generators and split algorithm the seed drives (the engine's own, or NumPy's and
 *                     scikit-learn's as the book's code uses them)
 */
public record TrainingConfig(int[] sizes, int batchSize, float learningRate, int epochs, long seed,
                             RandomScheme randomScheme) {
    public static final int[] SEED_SIZES = {784, 50, 10};
    public static final int SEED_BATCH = 100;
    public static final float SEED_LEARNING_RATE = 0.1f;
    public static final int SEED_EPOCHS = 50;
    public static final long SEED_SEED = 123;

    public TrainingConfig {
        sizes = sizes.clone();
        if (sizes.length < 2) {
            throw new IllegalArgumentException("need at least input and output layer sizes, got " + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
        checkHyperparameters(batchSize, learningRate, epochs);
        java.util.Objects.requireNonNull(randomScheme, "randomScheme");
    }

    /** A run with the engine's own generators and split. */
    public TrainingConfig(int[] sizes, int batchSize, float learningRate, int epochs, long seed) {
        this(sizes, batchSize, learningRate, epochs, seed, RandomScheme.ENGINE);
    }

    /** The checks on everything but the layer sizes, for callers that want to fail before loading data. */
    public static void checkHyperparameters(int batchSize, float learningRate, int epochs) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
    }

    /**
     * Rows per forward pass when evaluating: at least {@value #EVALUATION_ROWS}, so evaluation makes a hundredth
     * of the launches (and thread hand-offs) it would at the seed's batch of 100, and even the output layer's
     * product is big enough to share among threads (measurements: cpu-backend/PERFORMANCE.md, "Constants in the
     * code"). The buffers it needs are {@value #EVALUATION_ROWS} rows per layer (2.4 MB for the seed's network).
     * Evaluation results do not depend on it except for the summation order of the squared error.
     */
    public int evaluationRows() {
        return evaluationRows(batchSize);
    }

    /** {@link #evaluationRows()} of a run trained with {@code batchSize}, to evaluate a saved model the same way. */
    public static int evaluationRows(int batchSize) {
        return Math.max(batchSize, EVALUATION_ROWS);
    }

    public static final int EVALUATION_ROWS = 10_000;

    public static TrainingConfig seedDefaults() {
        return new TrainingConfig(SEED_SIZES, SEED_BATCH, SEED_LEARNING_RATE, SEED_EPOCHS, SEED_SEED);
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(sizes, batchSize, learningRate, n, seed, randomScheme);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && Arrays.equals(sizes, c.sizes) && batchSize == c.batchSize
                && Float.compare(learningRate, c.learningRate) == 0 && epochs == c.epochs && seed == c.seed
                && randomScheme == c.randomScheme;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes) * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "TrainingConfig[sizes=" + Arrays.toString(sizes) + ", batchSize=" + batchSize + ", learningRate="
                + learningRate + ", epochs=" + epochs + ", seed=" + seed + ", randomScheme=" + randomScheme + "]";
    }
}
