package org.mlpengine.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads MNIST (or anything in its format, such as Fashion-MNIST) from the four IDX files in one
 * directory, each raw or gzip-compressed ({@code NAME} is preferred to {@code NAME.gz} when both
 * exist), and returns all samples as one {@link Dataset}: the training file's samples followed by
 * the test file's, which is the order of {@code fetch_openml('mnist_784')} that the seed splits.
 */
public final class Mnist {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** The four file names (uncompressed), in the order train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** Number of classes (digits 0..9). */
    public static final int CLASSES = 10;

    private Mnist() {
    }

    /**
     * Loads and validates the four files in {@code dir}.
     *
     * @throws MissingDataException the directory or some of the files are missing
     * @throws IdxFormatException   a file is malformed, images are not 3-D or train/test image sizes
     *                              differ, label files are not 1-D, image and label counts differ,
     *                              or a label is outside 0..9
     */
    public static Dataset load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MissingDataException("MNIST data directory " + dir + " does not exist (looked for "
                    + String.join(", ", FILES) + ", each raw or .gz); run 'fetch-data' to download it or pass --data-dir DIR");
        }
        List<Path> paths = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            Path raw = dir.resolve(name);
            Path gz = dir.resolve(name + ".gz");
            if (Files.isRegularFile(raw)) {
                paths.add(raw);
            } else if (Files.isRegularFile(gz)) {
                paths.add(gz);
            } else {
                missing.add(name + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingDataException("MNIST files missing in " + dir + ": " + String.join(", ", missing)
                    + " (looked for each name raw or with .gz); run 'fetch-data' to download them or pass --data-dir DIR");
        }
        IdxArray trainX = Idx.read(paths.get(0));
        IdxArray trainY = Idx.read(paths.get(1));
        IdxArray testX = Idx.read(paths.get(2));
        IdxArray testY = Idx.read(paths.get(3));
        checkImages(trainX, paths.get(0));
        checkImages(testX, paths.get(2));
        if (trainX.dims()[1] != testX.dims()[1] || trainX.dims()[2] != testX.dims()[2]) {
            throw new IdxFormatException(paths.get(2) + ": test images are " + testX.dims()[1] + "x" + testX.dims()[2]
                    + " (shape " + testX.shape() + ") but training images in " + paths.get(0) + " are "
                    + trainX.dims()[1] + "x" + trainX.dims()[2] + " (shape " + trainX.shape() + ")");
        }
        checkLabels(trainY, paths.get(1));
        checkLabels(testY, paths.get(3));
        checkCounts(trainX, paths.get(0), trainY, paths.get(1));
        checkCounts(testX, paths.get(2), testY, paths.get(3));

        int features = trainX.itemSize();
        int rows = trainX.count() + testX.count();
        byte[] pixels = new byte[Math.multiplyExact(rows, features)];
        System.arraycopy(trainX.data(), 0, pixels, 0, trainX.data().length);
        System.arraycopy(testX.data(), 0, pixels, trainX.data().length, testX.data().length);
        int[] labels = new int[rows];
        for (int i = 0; i < trainY.count(); i++) {
            labels[i] = trainY.unsigned(i);
        }
        for (int i = 0; i < testY.count(); i++) {
            labels[trainY.count() + i] = testY.unsigned(i);
        }
        return new Dataset(pixels, rows, features, labels, CLASSES);
    }

    private static void checkImages(IdxArray a, Path file) {
        if (a.ndim() != 3) {
            throw new IdxFormatException(file + ": expected 3-D images [count, height, width], got shape " + a.shape());
        }
    }

    private static void checkLabels(IdxArray a, Path file) {
        if (a.ndim() != 1) {
            throw new IdxFormatException(file + ": expected 1-D labels [count], got shape " + a.shape());
        }
        for (int i = 0; i < a.count(); i++) {
            int y = a.unsigned(i);
            if (y >= CLASSES) {
                throw new IdxFormatException(file + ": label " + y + " at position " + i + " is outside 0.." + (CLASSES - 1));
            }
        }
    }

    private static void checkCounts(IdxArray images, Path imageFile, IdxArray labels, Path labelFile) {
        if (images.count() != labels.count()) {
            throw new IdxFormatException("image/label count mismatch: " + imageFile + " holds " + images.count()
                    + " images " + images.shape() + ", " + labelFile + " holds " + labels.count() + " labels");
        }
    }
}
