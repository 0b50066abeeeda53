package org.mlpengine.bench;

import java.util.SplittableRandom;

import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;

/**
 * MNIST-shaped random data split as the seed splits MNIST: 55,000 / 5,000 / 10,000 samples of 784 pixel
 * bytes with labels 0..9. Speed does not depend on the pixel values, and no data files are needed.
 */
final class SyntheticMnist {
    static final int FEATURES = 784;
    static final int CLASSES = 10;
    static final int TRAIN_ROWS = 55_000;

    private SyntheticMnist() {
    }

    static Split split(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Split(dataset(TRAIN_ROWS, rng), dataset(5_000, rng), dataset(10_000, rng));
    }

    private static Dataset dataset(int rows, SplittableRandom rng) {
        byte[] pixels = new byte[rows * FEATURES];
        rng.nextBytes(pixels);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        return new Dataset(pixels, rows, FEATURES, labels, CLASSES);
    }
}
