package org.mlpengine.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's own labelled data, read from a CSV file or from two NumPy {@code .npy} files (features, labels), turned
 * into a {@link Dataset} the trainer takes. Part of the supported API (see {@code org.mlpengine.core.api}).
 *
 * <p><b>Scaling.</b> A {@link Dataset} stores every feature as one unsigned byte, mapped to [-1, 1] as the seed
 * maps pixels. Features are therefore scaled per column by the file's own minimum and maximum to 0..255 and
 * rounded (256 levels per feature; a constant column becomes 0). {@link #min(int)} and {@link #max(int)} keep the
 * range so that {@link #encode(double[])} scales new samples the same way for prediction.
 *
 * <p><b>Labels</b> are integers {@code 0 .. classes-1}, one per sample. With {@code classes == 0} the number of
 * classes is the largest label plus one.
 *
 * <p>Every problem with the input is a {@link DataException} whose message is one line naming the file, and for
 * CSV the line and column (1-based): {@code iris.csv line 17, column 3: 'abc' is not a number}.
 * Instances are immutable and may be shared between threads.
 */
public final class TabularData {
    private final Dataset dataset;
    private final double[] min;
    private final double[] max;

    private TabularData(Dataset dataset, double[] min, double[] max) {
        this.dataset = dataset;
        this.min = min;
        this.max = max;
    }

    /** The samples, features scaled to bytes as described above. */
    public Dataset dataset() {
        return dataset;
    }

    /** The smallest value of feature column {@code j} in the file (0-based, label column excluded). */
    public double min(int j) {
        return min[j];
    }

    /** The largest value of feature column {@code j} in the file. */
    public double max(int j) {
        return max[j];
    }

    /**
     * New samples, {@code rows.length x features} values in the file's units, scaled as the training data was
     * (values outside the file's range are clamped to it), as a data set with label 0 for every row.
     */
    public Dataset encode(double[][] rows) {
        int f = dataset.features();
        byte[] bytes = new byte[Math.multiplyExact(rows.length, f)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != f) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, need " + f);
            }
            for (int j = 0; j < f; j++) {
                bytes[i * f + j] = scale(rows[i][j], min[j], max[j]);
            }
        }
        return new Dataset(bytes, rows.length, f, new int[rows.length], dataset.classes());
    }

    /**
     * Reads a CSV file of numbers, one sample per line, separated by commas (spaces around a value and double
     * quotes around it are ignored; blank lines are skipped).
     *
     * @param labelColumn the label's column, 0-based; -1 for the last column
     * @param header      whether the first line is a header to skip
     * @param classes     the number of classes, or 0 to take the largest label plus one
     * @throws DataException one line naming the file, line and column of the first bad cell: a ragged row, a cell
     *                       that is not a number, NaN or infinity, a label that is negative, not an integer or not
     *                       below {@code classes}; an empty file; a file that cannot be read
     */
    public static TabularData readCsv(Path file, int labelColumn, boolean header, int classes) {
        String name = file.getFileName().toString();
        List<String> lines = readLines(file);
        List<double[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int columns = -1;
        int labelAt = -1;
        for (int n = header ? 1 : 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            String where = name + " line " + (n + 1);
            if (columns < 0) {
                columns = cells.length;
                if (columns < 2) {
                    throw new DataException(where + ": one column only; need features and a label");
                }
                labelAt = labelColumn == -1 ? columns - 1 : labelColumn;
                if (labelAt < 0 || labelAt >= columns) {
                    throw new DataException(where + ": label column " + labelColumn + " does not exist (the row has "
                            + columns + " columns, 0.." + (columns - 1) + ")");
                }
            } else if (cells.length != columns) {
                throw new DataException(where + ": " + cells.length + " columns, but the first row has " + columns);
            }
            double[] row = new double[columns - 1];
            for (int c = 0, j = 0; c < columns; c++) {
                String at = where + ", column " + (c + 1);
                double v = number(cells[c], at);
                if (c == labelAt) {
                    labels.add(label(v, classes, at));
                } else {
                    row[j++] = v;
                }
            }
            features.add(row);
        }
        if (features.isEmpty()) {
            throw new DataException(name + ": no data rows" + (header ? " after the header" : ""));
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return fromRows(name, features.toArray(double[][]::new), y, classes);
    }

    /**
     * Reads a features array ({@code samples x features}, 2-D) and a labels array ({@code samples}, 1-D, or
     * {@code samples x 1}) from NumPy {@code .npy} files as {@code numpy.save} writes them: little-endian, C order,
     * dtype float32, float64, int8/16/32/64 or uint8 (labels: an integer dtype, or floats holding integers).
     *
     * @param classes the number of classes, or 0 to take the largest label plus one
     * @throws DataException one line naming the file and what is wrong: not an {@code .npy} file, truncated, an
     *                       unsupported dtype or order, a wrong shape, sample counts that differ, NaN or infinity
     *                       (naming the sample and feature), a bad label (naming the sample)
     */
    public static TabularData readNpy(Path featuresFile, Path labelsFile, int classes) {
        NpyArray x = NpyArray.read(featuresFile);
        NpyArray y = NpyArray.read(labelsFile);
        String xn = featuresFile.getFileName().toString();
        String yn = labelsFile.getFileName().toString();
        if (x.shape().length != 2) {
            throw new DataException(xn + ": features must be a 2-D array (samples x features), got shape "
                    + x.shapeText());
        }
        boolean column = y.shape().length == 2 && y.shape()[1] == 1;
        if (y.shape().length != 1 && !column) {
            throw new DataException(yn + ": labels must be a 1-D array (samples), got shape " + y.shapeText());
        }
        int rows = x.shape()[0];
        int f = x.shape()[1];
        if (y.shape()[0] != rows) {
            throw new DataException(yn + ": " + y.shape()[0] + " labels, but " + xn + " has " + rows + " samples");
        }
        if (rows == 0 || f == 0) {
            throw new DataException(xn + ": no data (shape " + x.shapeText() + ")");
        }
        double[][] features = new double[rows][f];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < f; j++) {
                double v = x.get(i * f + j);
                if (!Double.isFinite(v)) {
                    throw new DataException(xn + ": sample " + i + ", feature " + j + " is " + v);
                }
                features[i][j] = v;
            }
        }
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = label(y.get(i), classes, yn + ": sample " + i);
        }
        return fromRows(xn, features, labels, classes);
    }

    private static TabularData fromRows(String name, double[][] rows, int[] labels, int classes) {
        int f = rows[0].length;
        double[] min = new double[f];
        double[] max = new double[f];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] r : rows) {
            for (int j = 0; j < f; j++) {
                min[j] = Math.min(min[j], r[j]);
                max[j] = Math.max(max[j], r[j]);
            }
        }
        byte[] bytes = new byte[Math.multiplyExact(rows.length, f)];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < f; j++) {
                bytes[i * f + j] = scale(rows[i][j], min[j], max[j]);
            }
        }
        int k = classes;
        if (k == 0) {
            for (int l : labels) {
                k = Math.max(k, l + 1);
            }
        }
        if (k < 2) {
            throw new DataException(name + ": every label is 0; need at least two classes");
        }
        return new TabularData(new Dataset(bytes, rows.length, f, labels, k), min, max);
    }

    private static byte scale(double v, double min, double max) {
        if (!(max > min)) {
            return 0;
        }
        double t = (Math.min(Math.max(v, min), max) - min) / (max - min);
        return (byte) Math.round(t * 255);
    }

    private static double number(String cell, String at) {
        String s = cell.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.isEmpty()) {
            throw new DataException(at + ": empty cell");
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataException(at + ": '" + cell.strip() + "' is not a number");
        }
        // Double.parseDouble also takes "NaN", "Infinity" and hexadecimal; only finite decimals are data
        if (!Double.isFinite(v)) {
            throw new DataException(at + ": '" + cell.strip() + "' is not a finite number");
        }
        return v;
    }

    private static int label(double v, int classes, String at) {
        if (!Double.isFinite(v) || v != Math.rint(v)) {
            throw new DataException(at + ": label " + text(v) + " is not an integer class number");
        }
        if (v < 0) {
            throw new DataException(at + ": label " + text(v) + " is negative; labels are 0, 1, 2, ...");
        }
        if (classes > 0 && v >= classes) {
            throw new DataException(at + ": label " + text(v) + " is outside the " + classes + " classes (0.."
                    + (classes - 1) + ")");
        }
        if (v > 65_535) {
            throw new DataException(at + ": label " + text(v) + " is too large (at most 65535 classes)");
        }
        return (int) v;
    }

    private static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static List<String> readLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.stream().allMatch(String::isBlank)) {
                throw new DataException(file.getFileName() + ": the file is empty");
            }
            return lines;
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataException(file.getFileName() + ": not a text file (not UTF-8)");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
