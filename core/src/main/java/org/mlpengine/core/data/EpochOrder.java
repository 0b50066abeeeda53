package org.mlpengine.core.data;

/** The order in which an epoch visits the training samples: a permutation of their row indices. */
public interface EpochOrder {

    /** Number of training samples permuted. */
    int size();

    /**
     * Epoch {@code epoch}'s (1-based) permutation of {@code 0 .. size()-1}, in an array owned by this object that
     * the next call overwrites (no allocation per epoch). It depends only on the seed and the epoch, not on which
     * epochs were asked for before.
     */
    int[] permutation(int epoch);
}
