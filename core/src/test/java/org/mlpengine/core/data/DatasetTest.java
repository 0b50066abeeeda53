package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset small() {
        // 3 rows x 4 features
        byte[] p = {0, (byte) 255, (byte) 128, 1, 10, 20, 30, 40, (byte) 254, 2, 3, 4};
        return new Dataset(p, 3, 4, new int[] {2, 0, 1}, 3);
    }

    @Test
    void normalizationIsTheSeedsFloat64ThenFloat32() {
        assertEquals(-1.0f, Dataset.normalize(0));
        assertEquals(1.0f, Dataset.normalize(255));
        for (int p = 0; p < 256; p++) {
            double seed = ((p / 255.0) - 0.5) * 2.0;
            assertEquals((float) seed, Dataset.normalize(p), "pixel " + p);
            assertEquals(Float.floatToIntBits((float) seed), Float.floatToIntBits(Dataset.normalize(p)));
        }
        assertEquals((float) ((128 / 255.0 - 0.5) * 2.0), Dataset.normalize(128));
        assertEquals(0.003921569f, Dataset.normalize(128));
    }

    @Test
    void accessors() {
        Dataset d = small();
        assertEquals(3, d.rows());
        assertEquals(4, d.features());
        assertEquals(3, d.classes());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertEquals(-1f, d.feature(0, 0));
        assertEquals(1f, d.feature(0, 1));
        assertEquals(254, d.pixel(2, 0));
        assertArrayEquals(new int[] {1, 1, 1}, d.classCounts());
        int[] l = d.labels();
        l[0] = 99; // a copy
        assertEquals(2, d.label(0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.feature(3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.feature(0, 4));
    }

    @Test
    void copyFeaturesNormalizes() {
        Dataset d = small();
        float[] dst = new float[1 + 8];
        d.copyFeatures(1, 2, dst, 1);
        assertEquals(0f, dst[0]);
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(d.feature(1 + r, j), dst[1 + r * 4 + j]);
            }
        }
        assertEquals(Dataset.normalize(10), dst[1]);
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyFeatures(2, 2, new float[8], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyFeatures(0, 2, new float[8], 1));
    }

    @Test
    void gatherAndSubset() {
        Dataset d = small();
        float[] dst = new float[8];
        d.gatherFeatures(new int[] {7, 2, 0}, 1, 2, dst, 0);
        assertEquals(d.feature(2, 0), dst[0]);
        assertEquals(d.feature(0, 3), dst[7]);
        Dataset s = d.subset(new int[] {2, 2, 0});
        assertEquals(3, s.rows());
        assertArrayEquals(new int[] {1, 1, 2}, s.labels());
        assertEquals(d.pixel(2, 3), s.pixel(1, 3));
        assertEquals(d.pixel(0, 1), s.pixel(2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[] {3}));
        byte[] raw = new byte[4];
        d.copyPixels(1, 1, raw, 0);
        assertArrayEquals(new byte[] {10, 20, 30, 40}, raw);
    }

    @Test
    void labelsOutOfRangeRejected() {
        DataException e = assertThrows(DataException.class,
                () -> new Dataset(new byte[6], 3, 2, new int[] {0, 1, 10}, 10));
        assertEquals("label 10 at position 2 is outside 0..9", e.getMessage());
        e = assertThrows(DataException.class, () -> new Dataset(new byte[2], 1, 2, new int[] {-1}, 10));
        assertEquals("label -1 at position 0 is outside 0..9", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new byte[5], 3, 2, new int[3], 10));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new byte[6], 3, 2, new int[2], 10));
    }
}
