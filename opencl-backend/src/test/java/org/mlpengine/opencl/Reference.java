package org.mlpengine.opencl;

/** Double-precision reference of each op, on row-major float inputs: the oracle of the op tests. */
final class Reference {
    private Reference() {
    }

    /** op(A) * op(B) as doubles, and per element the sum of |products| (the scale of its rounding error). */
    static double[] gemm(boolean ta, boolean tb, float[] a, int aCols, float[] b, int bCols, int m, int n, int k,
                         double[] scale) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p * aCols + i] : a[i * aCols + p];
                    double y = tb ? b[j * bCols + p] : b[p * bCols + j];
                    s += x * y;
                    abs += Math.abs(x * y);
                }
                out[i * n + j] = s;
                scale[i * n + j] = abs;
            }
        }
        return out;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** NumPy's argmax: the first maximum, a NaN counting as the maximum. */
    static int argmax(float[] a, int row, int cols) {
        int best = 0;
        for (int c = 0; c < cols; c++) {
            float v = a[row * cols + c];
            if (Float.isNaN(v)) {
                return c;
            }
            if (v > a[row * cols + best]) {
                best = c;
            }
        }
        return best;
    }
}
