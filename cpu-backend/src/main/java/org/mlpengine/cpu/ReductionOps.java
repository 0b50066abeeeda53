package org.mlpengine.cpu;

/** Reductions over rows and columns, each in one fixed order so results repeat bit for bit. */
final class ReductionOps {
    private ReductionOps() {
    }

    /**
     * Columns [from, to) of {@code out = fma(alpha, columnSums(a), beta == 0 ? 0 : beta * out)}, each column's
     * rows added top to bottom from 0: {@link ScalarElementwiseKernel}'s implementation and the tail of
     * {@link VectorElementwiseKernel}'s.
     */
    static void columnSumsRange(float alpha, float[] a, int aOff, int rows, int cols, float beta, float[] out, int oOff,
                                int from, int to) {
        for (int j = from; j < to; j++) {
            float sum = 0f;
            for (int i = 0; i < rows; i++) {
                sum += a[aOff + i * cols + j];
            }
            out[oOff + j] = Math.fma(alpha, sum, beta == 0 ? 0f : beta * out[oOff + j]);
        }
    }

    /** The first index of the row's maximum, as NumPy's argmax: a NaN counts as the maximum, the first NaN wins. */
    static int argmax(float[] a, int rowOff, int cols) {
        int best = 0;
        float max = a[rowOff];
        for (int j = 1; j < cols && max == max; j++) {
            float v = a[rowOff + j];
            if (v > max || v != v) {
                max = v;
                best = j;
            }
        }
        return best;
    }

    /** Adds the batch's squared error (summed in double, row by row) and correct count into metrics[0..1]. */
    static void accumulateMetrics(float[] a, int aOff, int rows, int cols, int[] labels, int lOff,
                                  float[] metrics, int mOff) {
        double sse = 0;
        int correct = 0;
        for (int i = 0; i < rows; i++) {
            int ai = aOff + i * cols;
            int label = labels[lOff + i];
            for (int j = 0; j < cols; j++) {
                double d = a[ai + j] - (j == label ? 1.0 : 0.0);
                sse += d * d;
            }
            if (argmax(a, ai, cols) == label) {
                correct++;
            }
        }
        metrics[mOff] = (float) (metrics[mOff] + sse);
        metrics[mOff + 1] += correct;
    }
}
