package org.mlpengine.cpu;

/** The element-wise ops of a training step, as plain loops over (array, offset) pairs. */
final class ActivationOps {
    private ActivationOps() {
    }

    static float sigmoid(float t) {
        return 1f / (1f + (float) Math.exp(-t));
    }

    /** {@code out = sigmoid(z + bias)}, bias broadcast over rows; out may be z. */
    static void biasSigmoid(float[] z, int zOff, float[] bias, int bOff, float[] out, int oOff, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int zi = zOff + i * cols;
            int oi = oOff + i * cols;
            for (int j = 0; j < cols; j++) {
                out[oi + j] = sigmoid(z[zi + j] + bias[bOff + j]);
            }
        }
    }

    /** {@code out = delta * a * (1 - a)}; out may be delta. */
    static void sigmoidBackward(float[] d, int dOff, float[] a, int aOff, float[] out, int oOff, int size) {
        for (int i = 0; i < size; i++) {
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
