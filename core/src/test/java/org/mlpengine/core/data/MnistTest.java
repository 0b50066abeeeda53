package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mlpengine.core.data.SyntheticFiles.gzip;
import static org.mlpengine.core.data.SyntheticFiles.idx;
import static org.mlpengine.core.data.SyntheticFiles.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    /** A small MNIST-format directory: 12 train and 5 test images of 4x3; train raw, test gzip. */
    private void writeSmall(Path d) {
        write(d, Mnist.TRAIN_IMAGES, idx(SyntheticFiles.pixels(12, 4, 3, 0), 12, 4, 3));
        write(d, Mnist.TRAIN_LABELS, idx(SyntheticFiles.labelBytes(12, 10, 0), 12));
        write(d, Mnist.TEST_IMAGES + ".gz", gzip(idx(SyntheticFiles.pixels(5, 4, 3, 9), 5, 4, 3)));
        write(d, Mnist.TEST_LABELS + ".gz", gzip(idx(SyntheticFiles.labelBytes(5, 10, 3), 5)));
    }

    @Test
    void loadsTrainThenTest() {
        writeSmall(dir);
        Dataset d = Mnist.load(dir);
        assertEquals(17, d.rows());
        assertEquals(12, d.features());
        assertEquals(10, d.classes());
        byte[] train = SyntheticFiles.pixels(12, 4, 3, 0);
        byte[] test = SyntheticFiles.pixels(5, 4, 3, 9);
        assertEquals(train[13] & 0xFF, d.pixel(1, 1));
        assertEquals(test[0] & 0xFF, d.pixel(12, 0));
        assertEquals(test[59] & 0xFF, d.pixel(16, 11));
        assertEquals(SyntheticFiles.labelBytes(12, 10, 0)[11], d.label(11));
        assertEquals(SyntheticFiles.labelBytes(5, 10, 3)[0], d.label(12));
    }

    @Test
    void rawPreferredOverGzip() {
        writeSmall(dir);
        write(dir, Mnist.TRAIN_IMAGES + ".gz", new byte[] {1, 2, 3}); // never read
        assertEquals(17, Mnist.load(dir).rows());
    }

    @Test
    void missingFilesListed() {
        writeSmall(dir);
        try {
            Files.delete(dir.resolve(Mnist.TRAIN_LABELS));
            Files.delete(dir.resolve(Mnist.TEST_IMAGES + ".gz"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        MissingDataException e = assertThrows(MissingDataException.class, () -> Mnist.load(dir));
        assertEquals("MNIST files missing in " + dir + ": train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz]"
                + " (looked for each name raw or with .gz); run 'fetch-data' to download them or pass --data-dir DIR",
                e.getMessage());
        Path nowhere = dir.resolve("nowhere");
        e = assertThrows(MissingDataException.class, () -> Mnist.load(nowhere));
        assertTrue(e.getMessage().startsWith("MNIST data directory " + nowhere + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("fetch-data") && e.getMessage().contains("--data-dir"));
    }

    @Test
    void countMismatch() {
        writeSmall(dir);
        write(dir, Mnist.TRAIN_LABELS, idx(SyntheticFiles.labelBytes(11, 10, 0), 11));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
        assertEquals("image/label count mismatch: " + dir.resolve(Mnist.TRAIN_IMAGES) + " holds 12 images [12, 4, 3], "
                + dir.resolve(Mnist.TRAIN_LABELS) + " holds 11 labels", e.getMessage());
    }

    @Test
    void labelOutOfRange() {
        writeSmall(dir);
        byte[] labels = SyntheticFiles.labelBytes(5, 10, 3);
        labels[4] = 10;
        write(dir, Mnist.TEST_LABELS + ".gz", gzip(idx(labels, 5)));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
        assertEquals(dir.resolve(Mnist.TEST_LABELS + ".gz") + ": label 10 at position 4 is outside 0..9", e.getMessage());
    }

    @Test
    void shapesChecked() {
        writeSmall(dir);
        write(dir, Mnist.TRAIN_IMAGES, idx(SyntheticFiles.pixels(12, 4, 3, 0), 12, 12));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
        assertEquals(dir.resolve(Mnist.TRAIN_IMAGES) + ": expected 3-D images [count, height, width], got shape [12, 12]",
                e.getMessage());

        write(dir, Mnist.TRAIN_IMAGES, idx(SyntheticFiles.pixels(12, 3, 4, 0), 12, 3, 4));
        e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("test images are 4x3 (shape [5, 4, 3]) but training images in "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" are 3x4 (shape [12, 3, 4])"), e.getMessage());

        writeSmall(dir);
        write(dir, Mnist.TRAIN_LABELS, idx(SyntheticFiles.labelBytes(12, 10, 0), 12, 1));
        e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().endsWith("expected 1-D labels [count], got shape [12, 1]"), e.getMessage());
    }

    @Test
    void corruptFileNamesTheFile() {
        writeSmall(dir);
        byte[] gz = gzip(idx(SyntheticFiles.pixels(5, 4, 3, 9), 5, 4, 3));
        write(dir, Mnist.TEST_IMAGES + ".gz", Arrays.copyOf(gz, gz.length - 12));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(Mnist.TEST_IMAGES + ".gz") + ": "), e.getMessage());
    }

    /** Per-class counts of the 70,000 MNIST digits (60k train + 10k test). */
    static final int[] MNIST_CLASS_COUNTS = {6903, 7877, 6990, 7141, 6824, 6313, 6876, 7293, 6825, 6958};

    @Test
    void realMnist() {
        Dataset d = RealData.mnist();
        assertEquals(70_000, d.rows());
        assertEquals(784, d.features());
        assertArrayEquals(MNIST_CLASS_COUNTS, d.classCounts());
        assertEquals(70_000, Arrays.stream(d.classCounts()).sum());
        assertEquals(5, d.label(0));      // first training digit
        assertEquals(7, d.label(60_000)); // first test digit
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        float[] row = new float[784];
        for (int i = 0; i < 70_000; i += 97) {
            d.copyFeatures(i, 1, row, 0);
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertEquals(-1f, min);
        assertEquals(1f, max);
    }

    @Test
    void fashionMnistGz() {
        assumeTrue(Files.isRegularFile(FASHION.resolve(Mnist.TRAIN_IMAGES + ".gz")),
                "no Fashion-MNIST at " + FASHION + " (apt-get install dataset-fashion-mnist)");
        Dataset d = Mnist.load(FASHION);
        assertEquals(70_000, d.rows());
        assertEquals(784, d.features());
        int[] expected = new int[10];
        Arrays.fill(expected, 7000);
        assertArrayEquals(expected, d.classCounts());
    }
}
