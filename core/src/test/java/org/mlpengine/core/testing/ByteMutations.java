package org.mlpengine.core.testing;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The mutations of a seeded file-format fuzzer: a few rounds of bit flips, byte overwrites, truncation,
 * insertion, trailing bytes, and the format's own mutations (extreme header fields, edited metadata...),
 * each round picking one at random. Deterministic for a seed, so a failing case can be replayed.
 */
public final class ByteMutations {
    private final List<BiFunction<byte[], SplittableRandom, byte[]>> formatSpecific;

    /** {@code formatSpecific} mutations take the bytes (may change them in place) and return the result. */
    @SafeVarargs
    public ByteMutations(BiFunction<byte[], SplittableRandom, byte[]>... formatSpecific) {
        this.formatSpecific = List.of(formatSpecific);
    }

    public byte[] mutate(byte[] seed, SplittableRandom rng) {
        byte[] b = seed.clone();
        int rounds = 1 + rng.nextInt(3);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            int op = rng.nextInt(5 + formatSpecific.size());
            switch (op) {
                case 0 -> b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
                case 3 -> b = insert(b, rng);
                case 4 -> b = Arrays.copyOf(b, b.length + 1 + rng.nextInt(8)); // trailing bytes
                default -> b = formatSpecific.get(op - 5).apply(b, rng);
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, SplittableRandom rng) {
        int at = rng.nextInt(b.length + 1);
        byte[] grown = new byte[b.length + 1 + rng.nextInt(16)];
        System.arraycopy(b, 0, grown, 0, at);
        System.arraycopy(b, at, grown, grown.length - (b.length - at), b.length - at);
        return grown;
    }
}
