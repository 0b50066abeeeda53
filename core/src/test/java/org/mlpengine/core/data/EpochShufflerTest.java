package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EpochShufflerTest {

    @Test
    void permutationsAreReproducibleAndReuseOneArray() {
        EpochShuffler s = new EpochShuffler(55_000, 123);
        int[] e0 = s.permutation(0).clone();
        int[] e1 = s.permutation(1).clone();
        int[] again = s.permutation(1);
        assertSame(again, s.permutation(7), "one array, reused");
        assertArrayEquals(e1, s.permutation(1));
        assertArrayEquals(e0, s.permutation(0), "depends on (seed, epoch) only, not on call order");
        assertArrayEquals(e0, new EpochShuffler(55_000, 123).permutation(0));
        assertFalse(Arrays.equals(e0, e1));
        assertFalse(Arrays.equals(e0, new EpochShuffler(55_000, 124).permutation(0)));
        int[] sorted = e0.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        // not the identity, and well mixed: few fixed points
        long fixed = 0;
        for (int i = 0; i < e0.length; i++) {
            fixed += e0[i] == i ? 1 : 0;
        }
        assertTrue(fixed < 20, "fixed points " + fixed);
    }

    @Test
    void tinySizes() {
        assertEquals(0, new EpochShuffler(0, 1).permutation(3).length);
        assertArrayEquals(new int[] {0}, new EpochShuffler(1, 1).permutation(3));
    }
}
