package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.testing.ByteMutations;

/**
 * A seeded mutation fuzzer for the IDX reader: from a fixed corpus of valid files (raw and gzip), it makes
 * bit flips, byte overwrites, truncations, insertions, and header fields set to extreme values. Every input
 * must end either in a well-formed array or in the reader's own {@link IdxFormatException}: never an
 * OutOfMemoryError from a lying header, an index exception, or a hang. The run is bounded (fixed count,
 * fixed seed) so it is repeatable in CI; raise {@code -Didx.fuzz.cases} for a longer local run.
 */
class IdxMutationFuzzTest {
    private static final int CASES = Integer.getInteger("idx.fuzz.cases", 20_000);
    private static final long SEED = Long.getLong("idx.fuzz.seed", 20261129L);
    /** Small cap so even a header that passes the size check cannot make the fuzzer allocate much. */
    private static final long MAX_PAYLOAD = 1 << 20;

    private static List<byte[]> corpus() {
        List<byte[]> c = new ArrayList<>();
        c.add(SyntheticFiles.idx(SyntheticFiles.pixels(3, 28, 28, 1), 3, 28, 28));
        c.add(SyntheticFiles.idx(SyntheticFiles.labelBytes(50, 10, 3), 50));
        c.add(SyntheticFiles.idx(SyntheticFiles.pixels(2, 5, 7, 9), 2, 5, 7));
        c.add(SyntheticFiles.idx(SyntheticFiles.pixels(2, 3, 4, 5), 1, 2, 3, 4));
        int raw = c.size();
        for (int i = 0; i < raw; i++) {
            c.add(SyntheticFiles.gzip(c.get(i)));
        }
        return c;
    }

    @Test
    void everyMutationEndsInDataOrAClearError() {
        List<byte[]> corpus = corpus();
        SplittableRandom rng = new SplittableRandom(SEED);
        int[] outcomes = new int[2]; // [parsed, rejected]
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] input = mutate(corpus.get(rng.nextInt(corpus.size())), rng);
                try {
                    IdxArray a = Idx.read(new ByteArrayInputStream(input), "case-" + i, MAX_PAYLOAD);
                    long product = 1;
                    for (int d : a.dims()) {
                        product *= d;
                    }
                    assertEquals(product, a.data().length, "case " + i + ": dims and data disagree");
                    outcomes[0]++;
                } catch (IdxFormatException e) {
                    if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                        fail("case " + i + ": error message must be one non-empty line: " + e.getMessage());
                    }
                    outcomes[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " (" + hex(input) + ") escaped as " + t, t);
                }
            }
        });
        System.out.printf("IDX fuzz: %d cases (seed %d): %d parsed, %d rejected with IdxFormatException%n",
                CASES, SEED, outcomes[0], outcomes[1]);
        assertEquals(CASES, outcomes[0] + outcomes[1]);
    }

    @Test
    void unmutatedCorpusParses() {
        for (byte[] input : corpus()) {
            IdxArray a = Idx.read(new ByteArrayInputStream(input), "corpus", MAX_PAYLOAD);
            byte[] raw = input[0] == 0x1f ? null : input;
            if (raw != null) {
                assertArrayEquals(Arrays.copyOfRange(raw, 4 + 4 * a.dims().length, raw.length), a.data());
            }
        }
    }

    private static final ByteMutations MUTATIONS = new ByteMutations(IdxMutationFuzzTest::extremeHeaderField);

    private static byte[] mutate(byte[] seed, SplittableRandom rng) {
        return MUTATIONS.mutate(seed, rng);
    }

    /** Sets the magic or a dimension (big-endian int at 0, 4, ..., 16) to an extreme value. */
    private static byte[] extremeHeaderField(byte[] b, SplittableRandom rng) {
        int field = rng.nextInt(5) * 4;
        if (field + 4 <= b.length) {
            int v = switch (rng.nextInt(4)) {
                case 0 -> Integer.MAX_VALUE;
                case 1 -> 0x8000_0000;
                case 2 -> 0;
                default -> rng.nextInt();
            };
            b[field] = (byte) (v >>> 24);
            b[field + 1] = (byte) (v >>> 16);
            b[field + 2] = (byte) (v >>> 8);
            b[field + 3] = (byte) v;
        }
        return b;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 24); i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb + (b.length > 24 ? "... (" + b.length + " bytes)" : "");
    }
}
