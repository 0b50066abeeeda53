package org.mlpengine.core.conformance;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded random inputs. The seed is derived from the case's name, so every case is reproducible. */
final class RandomInputs {
    private RandomInputs() {
    }

    static SplittableRandom random(String caseName) {
        return new SplittableRandom(caseName.hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** Uniform floats in [lo, hi). Zero is possible but rare. */
    static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) rnd.nextDouble(lo, hi);
        }
        return f;
    }

    /** Values a sigmoid could output: strictly inside (0, 1). */
    static float[] activations(SplittableRandom rnd, int n) {
        return uniform(rnd, n, 0.001, 0.999);
    }

    static float[] gaussian(SplittableRandom rnd, int n, double sd) {
        java.util.Random g = new java.util.Random(rnd.nextLong());
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (g.nextGaussian() * sd);
        }
        return f;
    }

    static float[] nans(int n) {
        float[] f = new float[n];
        Arrays.fill(f, Float.NaN);
        return f;
    }

    static int[] ints(SplittableRandom rnd, int n, int bound) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(bound);
        }
        return v;
    }

    /** A permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(SplittableRandom rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
