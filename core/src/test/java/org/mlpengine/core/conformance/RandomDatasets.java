package org.mlpengine.core.conformance;

import java.util.SplittableRandom;
import org.mlpengine.core.data.Dataset;

/** Seeded random data sets of a network's shape, for tests that drive the trainer without MNIST. */
final class RandomDatasets {
    private RandomDatasets() {
    }

    /** {@code rows} samples of {@code sizes[0]} random pixels with labels in {@code [0, classes)}; every class present. */
    static Dataset of(SplittableRandom rnd, int rows, int[] sizes) {
        byte[] pixels = new byte[rows * sizes[0]];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rnd.nextInt(256);
        }
        int classes = sizes[sizes.length - 1];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i < classes ? i : rnd.nextInt(classes);
        }
        return new Dataset(pixels, rows, sizes[0], labels, classes);
    }
}
