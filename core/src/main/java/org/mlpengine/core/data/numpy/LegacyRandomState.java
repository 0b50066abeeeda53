package org.mlpengine.core.data.numpy;

/**
 * The parts of NumPy's legacy {@code np.random.RandomState} (the generator behind {@code np.random.seed} and
 * {@code np.random.shuffle}) that the book's code and scikit-learn's split use, draw for draw: the same
 * seed gives the same numbers as NumPy.
 *
 * <ul>
 * <li>{@link #randomSample()}: 53-bit doubles from two 32-bit outputs.</li>
 * <li>{@link #standardNormal()}: the polar (Marsaglia) Gaussian; each accepted pair yields two values, the
 *     second kept for the next call, as RandomState's {@code gauss} cache (equal to NumPy's to within 1 ulp, see
 *     the comment inside; the draws consumed are always the same).</li>
 * <li>{@link #interval(int)}: an integer in {@code [0, max]} by masked rejection (the smallest all-ones mask
 *     covering {@code max}, redrawn while above it), RandomState's bounded integers for shuffling.</li>
 * <li>{@link #shuffle(int[])}: Fisher-Yates from the last position down, {@code j = interval(i)}.</li>
 * </ul>
 */
public final class LegacyRandomState {
    private final Mt19937 mt;
    private boolean hasGauss;
    private double gauss;

    /** {@code np.random.RandomState(seed)}; the seed must be in 0 .. 2^32-1. */
    public LegacyRandomState(long seed) {
        mt = new Mt19937(seed);
    }

    /** Whether {@code seed} is one NumPy's RandomState accepts. */
    public static boolean validSeed(long seed) {
        return seed >= 0 && seed <= 0xFFFF_FFFFL;
    }

    /** The next raw 32-bit output, unsigned. */
    long next32() {
        return mt.next32();
    }

    /** {@code random_sample()}: uniform in [0, 1). */
    public double randomSample() {
        return mt.nextDouble();
    }

    /** {@code standard_normal()}. */
    public double standardNormal() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * mt.nextDouble() - 1.0;
            x2 = 2.0 * mt.nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        // C's log (glibc's, under NumPy) and Math.log, the JIT's intrinsic, differ in the last bit for about 1 in
        // 1,300 arguments (StrictMath.log: 1 in 14): a Gaussian can be 1 ulp off, which survives rounding to float
        // once in hundreds of millions of draws. Everything else here is exact IEEE arithmetic.
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code normal(loc, scale)}: {@code loc + scale * standard_normal()}. */
    public double normal(double loc, double scale) {
        return loc + scale * standardNormal();
    }

    /** A uniform integer in {@code [0, max]} ({@code max >= 0}). */
    public int interval(int max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = mt.next32() & mask;
        } while (value > max);
        return (int) value;
    }

    /** {@code shuffle(a)} of a 1-d array, in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Draws exactly what {@code shuffle} of an {@code n}-element array draws, without an array. */
    public void skipShuffle(int n) {
        for (int i = n - 1; i > 0; i--) {
            interval(i);
        }
    }

    /** {@code permutation(n)}: a shuffled {@code arange(n)}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** {@code permutation(values)}: a shuffled copy. */
    public int[] permutation(int[] values) {
        int[] p = values.clone();
        shuffle(p);
        return p;
    }

    /** {@code choice(population, size, replace=False)}: the first {@code size} of a permutation of the population. */
    public int[] choiceWithoutReplacement(int[] population, int size) {
        if (size < 0 || size > population.length) {
            throw new IllegalArgumentException("cannot take " + size + " of " + population.length + " without replacement");
        }
        int[] idx = permutation(population.length);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = population[idx[i]];
        }
        return out;
    }
}
