package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    /** 1,003 samples over 7 very uneven classes, in a scrambled order. */
    private static Dataset uneven() {
        int[] sizes = {400, 250, 150, 101, 60, 40, 2};
        int n = Arrays.stream(sizes).sum();
        int[] labels = new int[n];
        int k = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                labels[k++] = c;
            }
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        byte[] p = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            p[2 * i] = (byte) i;
            p[2 * i + 1] = (byte) (i >> 8);
        }
        return new Dataset(p, n, 2, labels, 7);
    }

    private static int[] counts(int[] rows, int[] labels, int classes) {
        int[] c = new int[classes];
        for (int r : rows) {
            c[labels[r]]++;
        }
        return c;
    }

    /** Each part's class counts are within 1 of its share of the pool it was drawn from. */
    private static void assertStratified(int[] part, int[] pool, int[] labels, int classes) {
        int[] pc = counts(part, labels, classes);
        int[] all = counts(pool, labels, classes);
        for (int c = 0; c < classes; c++) {
            double expected = (double) part.length * all[c] / pool.length;
            assertTrue(Math.abs(pc[c] - expected) < 1.0, "class " + c + ": " + pc[c] + " vs " + expected);
        }
    }

    private static void assertPartition(StratifiedSplit.Indices ix, int n) {
        boolean[] seen = new boolean[n];
        for (int[] part : new int[][] {ix.train(), ix.valid(), ix.test()}) {
            for (int i = 1; i < part.length; i++) {
                assertTrue(part[i - 1] < part[i], "sorted");
            }
            for (int r : part) {
                assertFalse(seen[r], "row " + r + " in two parts");
                seen[r] = true;
            }
        }
        for (int i = 0; i < n; i++) {
            assertTrue(seen[i], "row " + i + " in no part");
        }
    }

    @Test
    void quotasSumExactlyAndStayWithinOne() {
        int[] counts = {400, 250, 150, 101, 60, 40, 2};
        for (int take = 0; take <= 1003; take += 17) {
            int[] q = StratifiedSplit.quotas(counts, take);
            assertEquals(take, Arrays.stream(q).sum());
            for (int c = 0; c < counts.length; c++) {
                double exact = (double) take * counts[c] / 1003;
                assertTrue(Math.abs(q[c] - exact) < 1.0, take + " class " + c);
            }
        }
        // largest remainder, ties to the lower class index
        assertArrayEquals(new int[] {1, 1, 0}, StratifiedSplit.quotas(new int[] {1, 1, 1}, 2));
        assertArrayEquals(new int[] {3, 1, 1}, StratifiedSplit.quotas(new int[] {5, 3, 2}, 5));
        assertArrayEquals(new int[] {0, 0, 0}, StratifiedSplit.quotas(new int[] {0, 0, 0}, 0));
    }

    @Test
    void sizesExactStratifiedDisjointCovering() {
        Dataset d = uneven();
        int[] labels = d.labels();
        StratifiedSplit.Indices ix = StratifiedSplit.indices(labels, 7, 150, 77, 42);
        assertEquals(150, ix.test().length);
        assertEquals(77, ix.valid().length);
        assertEquals(1003 - 227, ix.train().length);
        assertPartition(ix, 1003);
        int[] everything = new int[1003];
        Arrays.setAll(everything, i -> i);
        assertStratified(ix.test(), everything, labels, 7);
        int[] rest = concat(ix.train(), ix.valid());
        assertStratified(ix.valid(), rest, labels, 7);

        Split s = StratifiedSplit.split(d, 150, 77, 42);
        assertEquals(150, s.test().rows());
        assertEquals(77, s.valid().rows());
        assertEquals(776, s.train().rows());
        // the datasets hold the rows of the indices, in that order
        int row = ix.valid()[5];
        assertEquals(d.pixel(row, 0), s.valid().pixel(5, 0));
        assertEquals(d.pixel(row, 1), s.valid().pixel(5, 1));
        assertEquals(d.label(row), s.valid().label(5));
    }

    @Test
    void deterministicPerSeed() {
        int[] labels = uneven().labels();
        StratifiedSplit.Indices a = StratifiedSplit.indices(labels, 7, 150, 77, 123);
        StratifiedSplit.Indices b = StratifiedSplit.indices(labels, 7, 150, 77, 123);
        StratifiedSplit.Indices c = StratifiedSplit.indices(labels, 7, 150, 77, 124);
        assertArrayEquals(a.test(), b.test());
        assertArrayEquals(a.valid(), b.valid());
        assertArrayEquals(a.train(), b.train());
        assertFalse(Arrays.equals(a.test(), c.test()));
    }

    @Test
    void edgeSizes() {
        int[] labels = uneven().labels();
        StratifiedSplit.Indices ix = StratifiedSplit.indices(labels, 7, 0, 0, 1);
        assertEquals(1003, ix.train().length);
        ix = StratifiedSplit.indices(labels, 7, 1003, 0, 1);
        assertEquals(1003, ix.test().length);
        assertPartition(ix, 1003);
        DataException e = assertThrows(DataException.class, () -> StratifiedSplit.indices(labels, 7, 1000, 4, 1));
        assertEquals("cannot split 1003 samples into 1000 test and 4 validation samples", e.getMessage());
    }

    @Test
    void seedSplitOfRealMnist() {
        Dataset all = RealData.mnist();
        int[] labels = all.labels();
        StratifiedSplit.Indices ix = StratifiedSplit.indices(labels, 10, 10_000, 5_000, 123);
        assertEquals(55_000, ix.train().length);
        assertEquals(5_000, ix.valid().length);
        assertEquals(10_000, ix.test().length);
        assertPartition(ix, 70_000);
        int[] everything = new int[70_000];
        Arrays.setAll(everything, i -> i);
        assertStratified(ix.test(), everything, labels, 10);
        assertStratified(ix.valid(), concat(ix.train(), ix.valid()), labels, 10);
        assertStratified(ix.train(), everything, labels, 10);

        Split s = StratifiedSplit.seedSplit(all, 123);
        assertEquals(55_000, s.train().rows());
        assertEquals(5_000, s.valid().rows());
        assertEquals(10_000, s.test().rows());
        assertArrayEquals(counts(ix.test(), labels, 10), s.test().classCounts());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
