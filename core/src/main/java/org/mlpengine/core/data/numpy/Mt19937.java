package org.mlpengine.core.data.numpy;

/**
 * The 32-bit Mersenne Twister (Matsumoto and Nishimura, 1998), seeded as NumPy's legacy
 * {@code np.random.RandomState(seed)} and {@code np.random.seed(seed)} seed it from an integer: the reference
 * {@code init_genrand} (Knuth's multiplier 1812433253), so the first output for seed 5489 is 3499211612.
 */
final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int pos;

    /** @param seed 0 .. 2^32-1, as NumPy accepts */
    Mt19937(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("NumPy's RandomState takes a seed between 0 and 2**32 - 1, got " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            state[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** The next 32-bit output, as an unsigned value in a long. */
    long next32() {
        if (pos == N) {
            refill();
        }
        int y = state[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return Integer.toUnsignedLong(y);
    }

    /** A double in [0, 1) with 53 random bits, from two outputs: NumPy's {@code random_sample}. */
    double nextDouble() {
        long a = next32() >>> 5;
        long b = next32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    private void refill() {
        int i = 0;
        for (; i < N - M; i++) {
            int y = (state[i] & UPPER_MASK) | (state[i + 1] & LOWER_MASK);
            state[i] = state[i + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        for (; i < N - 1; i++) {
            int y = (state[i] & UPPER_MASK) | (state[i + 1] & LOWER_MASK);
            state[i] = state[i + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        int y = (state[N - 1] & UPPER_MASK) | (state[0] & LOWER_MASK);
        state[N - 1] = state[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        pos = 0;
    }
}
