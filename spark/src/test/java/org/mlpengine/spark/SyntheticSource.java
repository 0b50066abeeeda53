package org.mlpengine.spark;

import java.util.SplittableRandom;

import org.mlpengine.core.data.Dataset;

/**
 * A small learnable data set made on each executor from its seed: class {@code c} lights features
 * {@code [c * features / classes, (c + 1) * features / classes)} over noise. Labels cycle through the classes, so a
 * stratified split of any size finds every class.
 */
record SyntheticSource(int rows, int features, int classes, long seed) implements DataSource {
    @Override
    public Dataset load() {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] pixels = new byte[rows * features];
        int[] labels = new int[rows];
        int band = features / classes;
        for (int i = 0; i < rows; i++) {
            int c = i % classes;
            labels[i] = c;
            for (int f = 0; f < features; f++) {
                int bright = f / band == c ? 160 : 0;
                pixels[i * features + f] = (byte) Math.min(255, bright + rnd.nextInt(96));
            }
        }
        return new Dataset(pixels, rows, features, labels, classes);
    }

    @Override
    public String describe() {
        return "synthetic " + rows + "x" + features;
    }
}
