package org.mlpengine.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.io.AtomicFiles;

/** Writes the book's figures for a run as PNG files. */
final class Figures {
    static final String MSE = "mse.png";
    static final String ACCURACY = "accuracy.png";
    static final String DIGITS = "digits.png";
    static final String MISCLASSIFIED = "misclassified.png";
    /** The book looks for failures among the first 1000 test images. */
    static final int MISCLASSIFIED_POOL = 1000;

    private Figures() {
    }

    /** Training MSE and accuracy curves; returns the file names written (none without epochs). */
    static List<String> curves(Path dir, List<EpochResult> history) {
        if (history.isEmpty()) {
            return List.of();
        }
        write(dir.resolve(MSE), Charts.mse(history));
        write(dir.resolve(ACCURACY), Charts.accuracy(history));
        return List.of(MSE, ACCURACY);
    }

    /** The first example of each class in {@code all}, in a 2 x 5 grid (classes absent from the data are skipped). */
    static String firstOfEachClass(Path dir, Dataset all, int side) {
        List<DigitGrid.Cell> cells = new ArrayList<>();
        for (int c = 0; c < all.classes(); c++) {
            for (int i = 0; i < all.rows(); i++) {
                if (all.label(i) == c) {
                    cells.add(new DigitGrid.Cell(pixels(all, i), side, side, List.of(String.valueOf(c))));
                    break;
                }
            }
        }
        int columns = Math.max(1, (cells.size() + 1) / 2);
        write(dir.resolve(DIGITS), DigitGrid.draw(cells, columns, 2, side, side));
        return DIGITS;
    }

    /**
     * Up to 25 misclassified images among the first {@code predicted.length} test images, 5 x 5, each
     * titled "n) True: t" / "Predicted: p" as the book's figure 11.9.
     */
    static String misclassified(Path dir, Dataset test, int[] predicted, int side) {
        List<DigitGrid.Cell> cells = new ArrayList<>();
        for (int i = 0; i < predicted.length && cells.size() < 25; i++) {
            if (predicted[i] != test.label(i)) {
                cells.add(new DigitGrid.Cell(pixels(test, i), side, side,
                        List.of((cells.size() + 1) + ") True: " + test.label(i), "Predicted: " + predicted[i])));
            }
        }
        write(dir.resolve(MISCLASSIFIED), DigitGrid.draw(cells, 5, Math.max(1, (cells.size() + 4) / 5), side, side));
        return MISCLASSIFIED;
    }

    private static byte[] pixels(Dataset d, int row) {
        byte[] p = new byte[d.features()];
        d.copyPixels(row, 1, p, 0);
        return p;
    }

    private static void write(Path file, BufferedImage image) {
        try {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer in this JVM");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
