package org.mlpengine.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.mlpengine.core.api.MlpEngine;
import org.mlpengine.core.api.Model;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Dataset;

/**
 * Loads a saved model and predicts the digit in a PNG: a 28x28 image, white digit on black as in MNIST (the command
 * line's {@code predict} also takes other sizes and polarities).
 *
 * <pre>
 * PredictPng MODEL.mlpm IMAGE.png [BACKEND]
 * </pre>
 */
public final class PredictPng {
    private PredictPng() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            fail("usage: PredictPng MODEL.mlpm IMAGE.png [cpu|opencl|cuda|auto]");
        }
        Model model = Model.load(Path.of(args[0]));
        BufferedImage image = ImageIO.read(Path.of(args[1]).toFile());
        if (image == null) {
            fail(args[1] + ": not an image ImageIO can read");
        }
        int side = (int) Math.round(Math.sqrt(model.layers()[0]));
        if (image.getWidth() != side || image.getHeight() != side) {
            fail(args[1] + ": " + image.getWidth() + "x" + image.getHeight() + " pixels, the model takes " + side
                    + "x" + side);
        }
        byte[] pixels = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int rgb = image.getRGB(x, y);
                // luminance of the sRGB pixel: a grayscale PNG gives its gray level back
                double l = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
                pixels[y * side + x] = (byte) Math.round(l);
            }
        }
        Dataset one = new Dataset(pixels, 1, side * side, new int[1], model.layers()[model.layers().length - 1]);
        float[] scores;
        int best;
        try (Backend backend = MlpEngine.openBackend(args.length > 2 ? args[2] : "auto")) {
            scores = model.scores(backend, one);
            best = model.predict(backend, one)[0];
        }
        System.out.println(args[1] + ": " + best);
        for (int c = 0; c < scores.length; c++) {
            System.out.printf(Locale.ROOT, "  %d  %.4f%s%n", c, scores[c], c == best ? "  <-" : "");
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
