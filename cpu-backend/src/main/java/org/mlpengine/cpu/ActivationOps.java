package org.mlpengine.cpu;

/**
 * The element-wise ops of a training step as plain loops over (array, offset) pairs: {@link ScalarElementwiseKernel}'s
 * implementation, and the tails of {@link VectorElementwiseKernel}'s (which performs the same roundings lane by lane).
 */
final class ActivationOps {
    private ActivationOps() {
    }

    /** Elements [from, to) of {@code x = sigmoid(x)} in place, by {@link Sigmoid#of}. */
    static void sigmoidRange(float[] x, int off, int from, int to) {
        for (int j = from; j < to; j++) {
            x[off + j] = Sigmoid.of(x[off + j]);
        }
    }

    /** Columns [from, to) of one row of {@code out = z + bias}; out may be z. */
    static void addBiasRange(float[] z, int zi, float[] bias, int bOff, float[] out, int oi, int from, int to) {
        for (int j = from; j < to; j++) {
            out[oi + j] = z[zi + j] + bias[bOff + j];
        }
    }

    /** Elements [from, to) of {@code out = delta * a * (1 - a)}; out may be delta. */
    static void sigmoidBackwardRange(float[] d, int dOff, float[] a, int aOff, float[] out, int oOff, int from, int to) {
        for (int i = from; i < to; i++) {
            float ai = a[aOff + i];
            out[oOff + i] = d[dOff + i] * ai * (1f - ai);
        }
    }

    /** {@code out = 2 (a - onehot(labels)) / rows * a (1 - a)}; out may be a. */
    static void mseOutputDelta(float[] a, int aOff, int[] labels, int lOff, float[] out, int oOff, int rows, int cols) {
        float scale = 2f / rows;
        for (int i = 0; i < rows; i++) {
            int label = labels[lOff + i];
            int ai = aOff + i * cols;
            int oi = oOff + i * cols;
            for (int j = 0; j < cols; j++) {
                float v = a[ai + j];
                float target = j == label ? 1f : 0f;
                out[oi + j] = (v - target) * scale * v * (1f - v);
            }
        }
    }
}
