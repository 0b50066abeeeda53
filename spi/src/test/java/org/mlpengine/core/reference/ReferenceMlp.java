package org.mlpengine.core.reference;

import static org.mlpengine.core.reference.ReferenceOps.biasSigmoid;
import static org.mlpengine.core.reference.ReferenceOps.columnSums;
import static org.mlpengine.core.reference.ReferenceOps.gemm;
import static org.mlpengine.core.reference.ReferenceOps.mseOutputDelta;
import static org.mlpengine.core.reference.ReferenceOps.sigmoidBackward;

/**
 * The seed's {@code NeuralNetMLP} and training loop in double precision, for any number of sigmoid layers
 * (the seed's network is one hidden layer and the output layer): MSE loss on one-hot targets, plain
 * minibatch SGD. Layer {@code l} maps its input through {@code weight(l)} ({@code units x inputs}, as the
 * seed's {@code weight_h}) and {@code bias(l)} ({@code 1 x units}); the last layer is the output.
 * {@code ReferenceMlpGradientTest} checks {@link #backward} against finite differences of {@link #loss}.
 */
public final class ReferenceMlp {
    private final DoubleMatrix[] weights;
    private final DoubleMatrix[] biases;

    /** Starts from the given parameters (copied), layer by layer, so a backend can start from the very same floats. */
    public ReferenceMlp(DoubleMatrix[] weights, DoubleMatrix[] biases) {
        if (weights.length == 0 || weights.length != biases.length) {
            throw new IllegalArgumentException(weights.length + " weight and " + biases.length + " bias matrices");
        }
        this.weights = new DoubleMatrix[weights.length];
        this.biases = new DoubleMatrix[biases.length];
        for (int l = 0; l < weights.length; l++) {
            if (biases[l].rows != 1 || biases[l].cols != weights[l].rows
                    || (l > 0 && weights[l].cols != weights[l - 1].rows)) {
                throw new IllegalArgumentException("layer " + (l + 1) + ": weights " + weights[l].rows + "x"
                        + weights[l].cols + ", bias " + biases[l].rows + "x" + biases[l].cols);
            }
            this.weights[l] = weights[l].copy();
            this.biases[l] = biases[l].copy();
        }
    }

    /** The seed's network: one hidden layer, then the output layer. */
    public ReferenceMlp(DoubleMatrix weightH, DoubleMatrix biasH, DoubleMatrix weightOut, DoubleMatrix biasOut) {
        this(new DoubleMatrix[] {weightH, weightOut}, new DoubleMatrix[] {biasH, biasOut});
    }

    /** Number of layers with weights: hidden layers plus the output layer. */
    public int layers() {
        return weights.length;
    }

    /** Layer {@code l}'s weights (units x inputs), live: a step changes them. */
    public DoubleMatrix weight(int l) {
        return weights[l];
    }

    /** Layer {@code l}'s bias (1 x units), live. */
    public DoubleMatrix bias(int l) {
        return biases[l];
    }

    /** The activations of one forward pass, layer by layer; the last is the output. */
    public record Activations(DoubleMatrix[] layers) {
        public DoubleMatrix out() {
            return layers[layers.length - 1];
        }
    }

    /** The gradients of {@link #loss} with respect to every layer's weights and bias. */
    public record Gradients(DoubleMatrix[] dWeights, DoubleMatrix[] dBiases) {
    }

    /** {@code a_l = sigmoid(a_{l-1} W_l^T + b_l)}, {@code a_0 = x}. */
    public Activations forward(DoubleMatrix x) {
        DoubleMatrix[] a = new DoubleMatrix[weights.length];
        DoubleMatrix in = x;
        for (int l = 0; l < weights.length; l++) {
            a[l] = biasSigmoid(gemm(false, true, 1, in, weights[l], 0, null), biases[l]);
            in = a[l];
        }
        return new Activations(a);
    }

    /**
     * The seed's {@code backward}, layer by layer from the output: {@code delta_out = 2 (a - y) / n * a (1 - a)},
     * {@code dW_l = delta_l^T a_{l-1}}, {@code db_l = colsum(delta_l)}, {@code delta_{l-1} = (delta_l W_l) a (1 - a)}.
     */
    public Gradients backward(DoubleMatrix x, Activations act, int[] labels) {
        int n = weights.length;
        DoubleMatrix[] dW = new DoubleMatrix[n];
        DoubleMatrix[] dB = new DoubleMatrix[n];
        DoubleMatrix delta = mseOutputDelta(act.out(), labels);
        for (int l = n - 1; l >= 0; l--) {
            DoubleMatrix input = l == 0 ? x : act.layers()[l - 1];
            dW[l] = gemm(true, false, 1, delta, input, 0, null);
            dB[l] = columnSums(1, delta, 0, null);
            if (l > 0) {
                delta = sigmoidBackward(gemm(false, false, 1, delta, weights[l], 0, null), input);
            }
        }
        return new Gradients(dW, dB);
    }

    /**
     * The loss whose gradient {@link #backward} computes: the squared error summed over the outputs and
     * averaged over the rows ({@code np.mean} over rows of the seed's per-row sum; the factor 2 of the seed's
     * delta is this loss's derivative).
     */
    public double loss(DoubleMatrix x, int[] labels) {
        DoubleMatrix out = forward(x).out();
        return ReferenceOps.sumSquaredError(out, labels) / out.rows;
    }

    /** One SGD step on one minibatch: forward, backward, {@code param -= lr * grad}. */
    public void step(DoubleMatrix x, int[] labels, double learningRate) {
        Gradients g = backward(x, forward(x), labels);
        for (int l = 0; l < weights.length; l++) {
            subtractScaled(weights[l], g.dWeights()[l], learningRate);
            subtractScaled(biases[l], g.dBiases()[l], learningRate);
        }
    }

    private static void subtractScaled(DoubleMatrix param, DoubleMatrix grad, double lr) {
        for (int i = 0; i < param.data.length; i++) {
            param.data[i] -= lr * grad.data[i];
        }
    }

    /** Mean squared error over every element and accuracy over every row. */
    public record Metrics(double mse, double accuracy, double sumSquaredError, int correct) {
    }

    /**
     * The seed's {@code compute_mse_and_acc}, as true means over all rows: the seed divides the summed
     * batch means by the last batch index ({@code mse/i}, one batch short) and drops a partial last batch;
     * here every row counts once. Batching does not change the result, so the rows are taken at once.
     */
    public Metrics computeMseAndAcc(DoubleMatrix x, int[] labels) {
        DoubleMatrix out = forward(x).out();
        double sse = ReferenceOps.sumSquaredError(out, labels);
        int correct = ReferenceOps.correct(out, labels);
        return new Metrics(sse / ((double) out.rows * out.cols), (double) correct / out.rows, sse, correct);
    }
}
