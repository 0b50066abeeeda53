package org.mlpengine.core.data.numpy;

import org.mlpengine.core.data.EpochOrder;

/**
 * The book's minibatch order: {@code np.random.seed(seed)} once before training, then in every epoch
 * {@code np.random.shuffle(indices)} of the training rows, followed by the two shuffles that the book's
 * {@code compute_mse_and_acc} makes of its own when it evaluates the training and then the validation set (they
 * do not change the metrics, but they advance the generator that the next epoch's order comes from).
 *
 * <p>Epoch {@code e}'s order therefore depends on every draw before it: asked for an epoch behind the
 * generator (or after a resume), this replays the draws from the seed, which takes milliseconds per epoch.
 */
public final class NumpyEpochOrder implements EpochOrder {
    private final long seed;
    private final int validRows;
    private final int[] perm;
    private LegacyRandomState rng;
    /** The epoch whose training shuffle {@link #rng} draws next. */
    private int nextEpoch;

    /**
     * @param trainRows training samples (the permuted ones)
     * @param validRows validation samples, whose evaluation shuffle the book also draws every epoch
     * @param seed      the book's {@code np.random.seed(123)}; 0 .. 2^32-1
     */
    public NumpyEpochOrder(int trainRows, int validRows, long seed) {
        if (trainRows < 0 || validRows < 0) {
            throw new IllegalArgumentException("rows " + trainRows + ", " + validRows);
        }
        this.seed = seed;
        this.validRows = validRows;
        this.perm = new int[trainRows];
        restart();
    }

    @Override
    public int size() {
        return perm.length;
    }

    @Override
    public int[] permutation(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs count from 1, got " + epoch);
        }
        if (epoch < nextEpoch) {
            restart();
        }
        for (; nextEpoch < epoch; nextEpoch++) {
            rng.skipShuffle(perm.length);
            skipEvaluationShuffles();
        }
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        rng.shuffle(perm);
        skipEvaluationShuffles();
        nextEpoch++;
        return perm;
    }

    private void skipEvaluationShuffles() {
        rng.skipShuffle(perm.length);
        rng.skipShuffle(validRows);
    }

    private void restart() {
        rng = new LegacyRandomState(seed);
        nextEpoch = 1;
    }
}
