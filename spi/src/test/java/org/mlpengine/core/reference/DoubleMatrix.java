package org.mlpengine.core.reference;

import java.util.Arrays;

/** A row-major matrix of doubles: the reference's only data type. Deliberately plain. */
public final class DoubleMatrix {
    public final int rows;
    public final int cols;
    public final double[] data;

    public DoubleMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.data = new double[rows * cols];
    }

    /** Widens {@code rows x cols} floats starting at {@code offset}; every float is exactly representable. */
    public static DoubleMatrix of(float[] values, int offset, int rows, int cols) {
        DoubleMatrix m = new DoubleMatrix(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = values[offset + i];
        }
        return m;
    }

    public static DoubleMatrix of(float[] values, int rows, int cols) {
        return of(values, 0, rows, cols);
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, double value) {
        data[i * cols + j] = value;
    }

    public DoubleMatrix copy() {
        DoubleMatrix m = new DoubleMatrix(rows, cols);
        System.arraycopy(data, 0, m.data, 0, data.length);
        return m;
    }

    public DoubleMatrix transpose() {
        DoubleMatrix t = new DoubleMatrix(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.set(j, i, get(i, j));
            }
        }
        return t;
    }

    /** Rounds every element to float, as a backend would store it. */
    public float[] toFloats() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    @Override
    public String toString() {
        return rows + "x" + cols + " " + Arrays.toString(Arrays.copyOf(data, Math.min(data.length, 8)));
    }
}
