package org.mlpengine.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small MNIST-format folder that a network learns in a few epochs: digit {@code c} is a bright
 * horizontal bar at rows {@code 2c+3 .. 2c+5} on dim noise. Labels cycle 0..9.
 */
final class LearnableMnistFolder {
    /** Small enough for the slowest backend; {@link #SPLIT} leaves {@code TRAIN + TEST - 500} training samples. */
    static final int TRAIN = 1500;
    static final int TEST = 200;
    static final String SPLIT = "300,200";

    private LearnableMnistFolder() {
    }

    static Path write(Path dir) throws IOException {
        Random rng = new Random(11);
        for (String[] f : new String[][] {{"train", String.valueOf(TRAIN)}, {"t10k", String.valueOf(TEST)}}) {
            int n = Integer.parseInt(f[1]);
            byte[] pixels = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int c = i % 10;
                labels[i] = (byte) c;
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int bar = y >= 2 * c + 3 && y < 2 * c + 6 && x >= 4 && x < 24 ? 180 : 0;
                        pixels[i * 784 + y * 28 + x] = (byte) Math.min(255, bar + rng.nextInt(60));
                    }
                }
            }
            CliErrorsTest.writeIdx(dir.resolve(f[0] + "-images-idx3-ubyte"), new int[] {n, 28, 28}, pixels, false);
            CliErrorsTest.writeIdx(dir.resolve(f[0] + "-labels-idx1-ubyte"), new int[] {n}, labels, false);
        }
        return dir;
    }
}
