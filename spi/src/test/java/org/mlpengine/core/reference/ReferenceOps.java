package org.mlpengine.core.reference;

/**
 * The backend ops in double precision, written as the plainest loops that match the seed's NumPy.
 * Each method returns a new matrix (or array) and never touches its inputs, except where it says it
 * accumulates. This is the oracle every backend is compared with.
 */
public final class ReferenceOps {
    private ReferenceOps() {
    }

    /** {@code alpha * op(A) op(B) + beta * C}; with beta 0, C is ignored (it may hold NaN). */
    public static DoubleMatrix gemm(boolean transA, boolean transB, double alpha, DoubleMatrix a, DoubleMatrix b,
                                    double beta, DoubleMatrix c) {
        DoubleMatrix opA = transA ? a.transpose() : a;
        DoubleMatrix opB = transB ? b.transpose() : b;
        DoubleMatrix out = new DoubleMatrix(opA.rows, opB.cols);
        for (int i = 0; i < out.rows; i++) {
            for (int j = 0; j < out.cols; j++) {
                double sum = 0;
                for (int p = 0; p < opA.cols; p++) {
                    sum += opA.get(i, p) * opB.get(p, j);
                }
                double old = beta == 0 ? 0 : beta * c.get(i, j);
                out.set(i, j, alpha * sum + old);
            }
        }
        return out;
    }

    /**
     * The scale a float GEMM's rounding error is proportional to: {@code |alpha| |op(A)| |op(B)| + |beta C|},
     * element by element. Dividing the error by it gives a relative error that does not blow up where
     * the exact result cancels to near zero.
     */
    public static DoubleMatrix gemmMagnitude(boolean transA, boolean transB, double alpha, DoubleMatrix a,
                                             DoubleMatrix b, double beta, DoubleMatrix c) {
        return gemm(transA, transB, Math.abs(alpha), abs(a), abs(b), Math.abs(beta), beta == 0 ? c : abs(c));
    }

    public static DoubleMatrix abs(DoubleMatrix m) {
        DoubleMatrix r = new DoubleMatrix(m.rows, m.cols);
        for (int i = 0; i < r.data.length; i++) {
            r.data[i] = Math.abs(m.data[i]);
        }
        return r;
    }

    public static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** {@code sigmoid(z + bias)}, bias a 1 x cols row broadcast over the rows. */
    public static DoubleMatrix biasSigmoid(DoubleMatrix z, DoubleMatrix bias) {
        DoubleMatrix out = new DoubleMatrix(z.rows, z.cols);
        for (int i = 0; i < z.rows; i++) {
            for (int j = 0; j < z.cols; j++) {
                out.set(i, j, sigmoid(z.get(i, j) + bias.get(0, j)));
            }
        }
        return out;
    }

    /** {@code delta * a * (1 - a)}. */
    public static DoubleMatrix sigmoidBackward(DoubleMatrix delta, DoubleMatrix a) {
        DoubleMatrix out = new DoubleMatrix(a.rows, a.cols);
        for (int i = 0; i < out.data.length; i++) {
            double ai = a.data[i];
            out.data[i] = delta.data[i] * ai * (1.0 - ai);
        }
        return out;
    }

    /** The seed's {@code int_to_onehot}; a label outside [0, classes) gives a row of zeros. */
    public static DoubleMatrix oneHot(int[] labels, int classes) {
        DoubleMatrix y = new DoubleMatrix(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && labels[i] < classes) {
                y.set(i, labels[i], 1.0);
            }
        }
        return y;
    }

    /** The seed's {@code delta_out = 2 (a - onehot(y)) / n * a (1 - a)}. */
    public static DoubleMatrix mseOutputDelta(DoubleMatrix a, int[] labels) {
        DoubleMatrix y = oneHot(labels, a.cols);
        DoubleMatrix out = new DoubleMatrix(a.rows, a.cols);
        for (int i = 0; i < out.data.length; i++) {
            double ai = a.data[i];
            out.data[i] = 2.0 * (ai - y.data[i]) / a.rows * ai * (1.0 - ai);
        }
        return out;
    }

    /** {@code alpha * np.sum(a, axis=0) + beta * out} as a 1 x cols row; with beta 0, out is ignored. */
    public static DoubleMatrix columnSums(double alpha, DoubleMatrix a, double beta, DoubleMatrix out) {
        DoubleMatrix r = new DoubleMatrix(1, a.cols);
        for (int j = 0; j < a.cols; j++) {
            double sum = 0;
            for (int i = 0; i < a.rows; i++) {
                sum += a.get(i, j);
            }
            r.data[j] = alpha * sum + (beta == 0 ? 0 : beta * out.data[j]);
        }
        return r;
    }

    /** {@code np.argmax(a, axis=1)}: the first index of the maximum. */
    public static int[] rowArgmax(DoubleMatrix a) {
        int[] idx = new int[a.rows];
        for (int i = 0; i < a.rows; i++) {
            // NumPy's rule: the first maximum wins ties, and a NaN counts as the maximum (the first NaN wins).
            int best = 0;
            for (int j = 1; j < a.cols && !Double.isNaN(a.get(i, best)); j++) {
                if (a.get(i, j) > a.get(i, best) || Double.isNaN(a.get(i, j))) {
                    best = j;
                }
            }
            idx[i] = best;
        }
        return idx;
    }

    /** Sum of squared errors against one-hot labels: the numerator of the seed's MSE. */
    public static double sumSquaredError(DoubleMatrix a, int[] labels) {
        DoubleMatrix y = oneHot(labels, a.cols);
        double sum = 0;
        for (int i = 0; i < a.data.length; i++) {
            double d = a.data[i] - y.data[i];
            sum += d * d;
        }
        return sum;
    }

    /** How many rows' argmax equals their label. */
    public static int correct(DoubleMatrix a, int[] labels) {
        int[] predicted = rowArgmax(a);
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                n++;
            }
        }
        return n;
    }

    /** {@code src[indices]}: the rows of src in the order given. */
    public static DoubleMatrix gatherRows(DoubleMatrix src, int[] indices) {
        DoubleMatrix out = new DoubleMatrix(indices.length, src.cols);
        for (int i = 0; i < indices.length; i++) {
            for (int j = 0; j < src.cols; j++) {
                out.set(i, j, src.get(indices[i], j));
            }
        }
        return out;
    }

    public static int[] gatherInts(int[] src, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = src[indices[i]];
        }
        return out;
    }

    // ---------------------------------------------------------------- the SPI's fused ops

    /** {@code sigmoid(x w^T + bias)}: a dense sigmoid layer's forward pass. */
    public static DoubleMatrix linearSigmoid(DoubleMatrix x, DoubleMatrix w, DoubleMatrix bias) {
        return biasSigmoid(gemm(false, true, 1, x, w, 0, null), bias);
    }

    /**
     * The scale of linearSigmoid's float rounding error, element by element: {@code s ((1 - s)(|x| |w|^T + |b|) + 1)}
     * with {@code s} the exact result. An error dz in the pre-activation moves s by {@code s (1 - s) dz}, and dz is
     * proportional to the sum of |terms| (gemm, then the bias add); the trailing {@code s} covers exp and the divide.
     */
    public static DoubleMatrix linearSigmoidScale(DoubleMatrix x, DoubleMatrix w, DoubleMatrix bias) {
        DoubleMatrix s = linearSigmoid(x, w, bias);
        DoubleMatrix mag = gemm(false, true, 1, abs(x), abs(w), 0, null);
        DoubleMatrix out = new DoubleMatrix(s.rows, s.cols);
        for (int i = 0; i < s.rows; i++) {
            for (int j = 0; j < s.cols; j++) {
                double v = s.get(i, j);
                out.set(i, j, v * ((1 - v) * (mag.get(i, j) + Math.abs(bias.get(0, j))) + 1));
            }
        }
        return out;
    }

    /** {@code (delta w) .* a .* (1 - a)}: a layer's delta back-propagated through its weights and the sigmoid below. */
    public static DoubleMatrix backpropSigmoid(DoubleMatrix delta, DoubleMatrix w, DoubleMatrix a) {
        return sigmoidBackward(gemm(false, false, 1, delta, w, 0, null), a);
    }

    /** The scale of backpropSigmoid's rounding error: {@code a (1 - a) |delta| |w|}, element by element. */
    public static DoubleMatrix backpropSigmoidScale(DoubleMatrix delta, DoubleMatrix w, DoubleMatrix a) {
        return sigmoidBackward(gemm(false, false, 1, abs(delta), abs(w), 0, null), a);
    }

    /** The SGD update's new weights: {@code w - lr delta^T input}. */
    public static DoubleMatrix sgdWeights(double learningRate, DoubleMatrix delta, DoubleMatrix input, DoubleMatrix w) {
        return gemm(true, false, -learningRate, delta, input, 1, w);
    }

    /** The SGD update's new bias: {@code bias - lr colsum(delta)}. */
    public static DoubleMatrix sgdBias(double learningRate, DoubleMatrix delta, DoubleMatrix bias) {
        return columnSums(-learningRate, delta, 1, bias);
    }
}
