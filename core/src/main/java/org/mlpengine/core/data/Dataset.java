package org.mlpengine.core.data;

import java.util.Objects;

/**
 * A labelled data set of {@code rows()} samples with {@code features()} features each, kept as the
 * raw unsigned bytes (70,000 x 784 MNIST images are 55 MB, not 220 MB of floats) plus one int label
 * per sample in {@code 0 .. classes()-1}.
 *
 * <p>Features are handed out normalized as the seed does, {@code ((p / 255.) - .5) * 2} computed in
 * float64 and then rounded to float32: see {@link #normalize(int)}. 0 maps to exactly -1, 255 to
 * exactly 1.
 *
 * <p>Instances are immutable: the constructor takes ownership of the arrays passed in (no copy),
 * every accessor that returns an array returns a copy.
 */
public final class Dataset {

    /** {@code LUT[p]} is the normalized value of pixel byte {@code p}. */
    private static final float[] LUT = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            LUT[p] = (float) (((p / 255.0) - 0.5) * 2.0);
        }
    }

    private final byte[] pixels; // rows x features, row-major, unsigned
    private final int[] labels;
    private final int rows;
    private final int features;
    private final int classes;

    /**
     * @param pixels   {@code rows * features} unsigned bytes, row-major (taken over, not copied)
     * @param rows     number of samples
     * @param features features per sample
     * @param labels   {@code rows} labels (taken over, not copied)
     * @param classes  number of classes; every label must be in {@code 0 .. classes-1}
     * @throws DataException a label is out of range (the message names its position and value)
     */
    public Dataset(byte[] pixels, int rows, int features, int[] labels, int classes) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (rows < 0 || features <= 0 || classes <= 0) {
            throw new IllegalArgumentException("rows " + rows + ", features " + features + ", classes " + classes);
        }
        if ((long) rows * features != pixels.length) {
            throw new IllegalArgumentException(rows + " x " + features + " features need " + (long) rows * features
                    + " bytes, got " + pixels.length);
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException(rows + " rows but " + labels.length + " labels");
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new DataException("label " + labels[i] + " at position " + i + " is outside 0.." + (classes - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.features = features;
        this.classes = classes;
    }

    /** The seed's normalization of one pixel byte {@code p} (0..255): {@code (float)(((p / 255.0) - 0.5) * 2.0)}. */
    public static float normalize(int p) {
        return LUT[p & 0xFF];
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    public int label(int row) {
        return labels[row];
    }

    /** The raw byte of feature {@code j} of sample {@code i}, 0..255. */
    public int pixel(int i, int j) {
        checkCell(i, j);
        return pixels[i * features + j] & 0xFF;
    }

    /** Feature {@code j} of sample {@code i}, normalized to [-1, 1]. */
    public float feature(int i, int j) {
        checkCell(i, j);
        return LUT[pixels[i * features + j] & 0xFF];
    }

    /**
     * Writes rows {@code firstRow .. firstRow+rowCount-1}, normalized, row-major into
     * {@code dst[dstOffset ..]} ({@code rowCount * features()} floats).
     */
    public void copyFeatures(int firstRow, int rowCount, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(firstRow, rowCount, rows);
        long n = (long) rowCount * features;
        Objects.checkFromIndexSize(dstOffset, (int) Math.min(n, Integer.MAX_VALUE), dst.length);
        int src = firstRow * features;
        for (int k = 0; k < n; k++) {
            dst[dstOffset + k] = LUT[pixels[src + k] & 0xFF];
        }
    }

    /**
     * Gathers the rows {@code rowIndex[from .. from+count-1]}, normalized, row-major into
     * {@code dst[dstOffset ..]}: a host-side minibatch.
     */
    public void gatherFeatures(int[] rowIndex, int from, int count, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(from, count, rowIndex.length);
        Objects.checkFromIndexSize(dstOffset, count * features, dst.length);
        int o = dstOffset;
        for (int r = from; r < from + count; r++) {
            int row = Objects.checkIndex(rowIndex[r], rows);
            int src = row * features;
            for (int j = 0; j < features; j++) {
                dst[o++] = LUT[pixels[src + j] & 0xFF];
            }
        }
    }

    /** Copies raw bytes of rows {@code firstRow .. firstRow+rowCount-1} into {@code dst[dstOffset ..]} (for uploads that normalize on the device). */
    public void copyPixels(int firstRow, int rowCount, byte[] dst, int dstOffset) {
        Objects.checkFromIndexSize(firstRow, rowCount, rows);
        System.arraycopy(pixels, firstRow * features, dst, dstOffset, rowCount * features);
    }

    /** A new data set holding the given rows, in that order (repeats allowed). */
    public Dataset subset(int[] rowIndex) {
        byte[] p = new byte[Math.multiplyExact(rowIndex.length, features)];
        int[] l = new int[rowIndex.length];
        for (int r = 0; r < rowIndex.length; r++) {
            int row = Objects.checkIndex(rowIndex[r], rows);
            System.arraycopy(pixels, row * features, p, r * features, features);
            l[r] = labels[row];
        }
        return new Dataset(p, rowIndex.length, features, l, classes);
    }

    /** How many samples each class has: {@code counts[c]} for {@code c} in {@code 0 .. classes-1}. */
    public int[] classCounts() {
        int[] c = new int[classes];
        for (int y : labels) {
            c[y]++;
        }
        return c;
    }

    private void checkCell(int i, int j) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, features);
    }

    /**
     * A CRC-32 (8 hex digits) over every feature byte and label, in row order: tells whether two data sets hold the
     * same samples (the value saved models record as {@code dataFingerprint}).
     */
    public String fingerprint() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(pixels);
        for (int y : labels) {
            crc.update(y);
        }
        return String.format("%08x", crc.getValue());
    }

    @Override
    public String toString() {
        return "Dataset[" + rows + " x " + features + ", " + classes + " classes]";
    }
}
