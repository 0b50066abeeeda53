package org.mlpengine.core.data;

import java.util.Arrays;

/**
 * The content of an IDX file of unsigned bytes: its dimensions (outermost first, each &gt; 0) and
 * the payload in row-major order, {@code data.length == product(dims)}.
 * The arrays are not copied (a training set is tens of megabytes); treat them as read-only.
 */
public record IdxArray(int[] dims, byte[] data) {

    public IdxArray {
        long product = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("dimensions must be > 0: " + Arrays.toString(dims));
            }
            product *= d;
        }
        if (dims.length == 0 || product != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " do not match " + data.length + " bytes");
        }
    }

    /** Number of dimensions. */
    public int ndim() {
        return dims.length;
    }

    /** Size of the outermost dimension (number of images or labels). */
    public int count() {
        return dims[0];
    }

    /** Bytes per item: the product of all dimensions but the first (1 for a 1-D file). */
    public int itemSize() {
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    /** The unsigned value at flat position {@code i}. */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    /** The shape written like {@code [60000, 28, 28]}. */
    public String shape() {
        return Arrays.toString(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other && Arrays.equals(dims, other.dims) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray" + shape();
    }
}
