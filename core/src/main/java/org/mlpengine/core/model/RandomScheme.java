package org.mlpengine.core.model;

import java.util.Arrays;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.EpochOrder;
import org.mlpengine.core.data.EpochShuffler;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.data.StratifiedSplit;
import org.mlpengine.core.data.numpy.LegacyRandomState;
import org.mlpengine.core.data.numpy.NumpyEpochOrder;
import org.mlpengine.core.data.numpy.SklearnStratifiedSplit;

/**
 * Where a run's randomness comes from: the train/validation/test split, the initial weights and every epoch's
 * minibatch order, all from one seed.
 */
public enum RandomScheme {
    /** The engine's own: {@link StratifiedSplit}, {@link Mlp#initialize(int[], long)}, {@link EpochShuffler}. */
    ENGINE("engine") {
        @Override
        public Split split(Dataset all, int testCount, int validCount, long seed) {
            return StratifiedSplit.split(all, testCount, validCount, seed);
        }

        @Override
        public Mlp initialize(int[] sizes, long seed) {
            return Mlp.initialize(sizes, seed);
        }

        @Override
        public EpochOrder epochOrder(int trainRows, int validRows, long seed) {
            return new EpochShuffler(trainRows, seed);
        }
    },
    /**
     * The book's code, number for number: scikit-learn's stratified {@code train_test_split}
     * ({@link SklearnStratifiedSplit}), weights from {@code np.random.RandomState(seed).normal(0, 0.1)} layer after
     * layer, and the minibatch order of {@code np.random.seed(seed)} and {@code np.random.shuffle}
     * ({@link NumpyEpochOrder}). The seed must be in 0 .. 2^32-1, as NumPy's.
     */
    NUMPY("numpy") {
        @Override
        public Split split(Dataset all, int testCount, int validCount, long seed) {
            return SklearnStratifiedSplit.split(all, testCount, validCount, checkSeed(seed));
        }

        @Override
        public Mlp initialize(int[] sizes, long seed) {
            LegacyRandomState rng = new LegacyRandomState(checkSeed(seed));
            return Mlp.initialize(sizes, () -> rng.normal(0.0, Mlp.INIT_SCALE));
        }

        @Override
        public EpochOrder epochOrder(int trainRows, int validRows, long seed) {
            return new NumpyEpochOrder(trainRows, validRows, checkSeed(seed));
        }

        @Override
        public boolean acceptsSeed(long seed) {
            return LegacyRandomState.validSeed(seed);
        }

        private long checkSeed(long seed) {
            if (!acceptsSeed(seed)) {
                throw new IllegalArgumentException("NumPy's generator takes a seed between 0 and 4294967295, got " + seed);
            }
            return seed;
        }
    };

    private final String id;

    RandomScheme(String id) {
        this.id = id;
    }

    /** The name written to run.json and model files: "engine" or "numpy". */
    public String id() {
        return id;
    }

    /** Whether {@code seed} can seed this scheme's generators (NumPy's take 0 .. 2^32-1). */
    public boolean acceptsSeed(long seed) {
        return true;
    }

    /** The training, validation and test parts of {@code all}, stratified by class. */
    public abstract Split split(Dataset all, int testCount, int validCount, long seed);

    /** Initial weights (N(0, 0.1)) and zero biases. */
    public abstract Mlp initialize(int[] sizes, long seed);

    /** Every epoch's order of the {@code trainRows} training samples. */
    public abstract EpochOrder epochOrder(int trainRows, int validRows, long seed);

    /** The scheme named {@code id}; null (files written before schemes existed) is {@link #ENGINE}. */
    public static RandomScheme of(String id) {
        if (id == null) {
            return ENGINE;
        }
        for (RandomScheme s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown random scheme '" + id + "' (known: "
                + Arrays.stream(values()).map(RandomScheme::id).toList() + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
