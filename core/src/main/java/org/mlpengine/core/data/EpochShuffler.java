package org.mlpengine.core.data;

import java.util.SplittableRandom;

/**
 * Reproducible per-epoch permutations of {@code 0 .. n-1}: epoch {@code e}'s permutation depends
 * only on {@code (seed, e)}, not on which epochs were asked for before. The result is written into
 * one int[] owned by this object and reused (overwritten by the next call): no array is allocated
 * per epoch.
 *
 * <p>Algorithm: reset the array to the identity, then Fisher-Yates from the last position down,
 * {@code j = rng.nextInt(i + 1)}, with {@code rng = new SplittableRandom(mix(seed, epoch))}, where
 * {@code mix} is the SplitMix64 finalizer of {@code seed + 0x9E3779B97F4A7C15 * (epoch + 1)}.
 */
public final class EpochShuffler implements EpochOrder {

    private final long seed;
    private final int[] perm;

    public EpochShuffler(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n);
        }
        this.seed = seed;
        this.perm = new int[n];
    }

    @Override
    public int size() {
        return perm.length;
    }

    /** Epoch {@code epoch}'s permutation, in an array that the next call overwrites. */
    @Override
    public int[] permutation(int epoch) {
        int[] p = perm;
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(mix(seed + 0x9E3779B97F4A7C15L * (epoch + 1L)));
        for (int i = p.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
