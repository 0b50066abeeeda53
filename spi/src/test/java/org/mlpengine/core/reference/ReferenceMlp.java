package org.mlpengine.core.reference;

import static org.mlpengine.core.reference.ReferenceOps.biasSigmoid;
import static org.mlpengine.core.reference.ReferenceOps.columnSums;
import static org.mlpengine.core.reference.ReferenceOps.gemm;
import static org.mlpengine.core.reference.ReferenceOps.mseOutputDelta;
import static org.mlpengine.core.reference.ReferenceOps.sigmoidBackward;

/**
 * The seed's {@code NeuralNetMLP} and training loop in double precision: one hidden sigmoid layer,
 * a sigmoid output layer, MSE loss on one-hot targets, plain minibatch SGD.
 */
public final class ReferenceMlp {
    /** hidden x features */
    public final DoubleMatrix weightH;
    /** 1 x hidden */
    public final DoubleMatrix biasH;
    /** classes x hidden */
    public final DoubleMatrix weightOut;
    /** 1 x classes */
    public final DoubleMatrix biasOut;

    /** Starts from the given parameters (copied), so a backend can start from the very same floats. */
    public ReferenceMlp(DoubleMatrix weightH, DoubleMatrix biasH, DoubleMatrix weightOut, DoubleMatrix biasOut) {
        this.weightH = weightH.copy();
        this.biasH = biasH.copy();
        this.weightOut = weightOut.copy();
        this.biasOut = biasOut.copy();
    }

    /** The activations of one forward pass. */
    public record Activations(DoubleMatrix hidden, DoubleMatrix out) {
    }

    /** The seed's gradients, named as there. */
    public record Gradients(DoubleMatrix dWeightOut, DoubleMatrix dBiasOut, DoubleMatrix dWeightH, DoubleMatrix dBiasH) {
    }

    /** {@code a_h = sigmoid(x W_h^T + b_h)}, {@code a_out = sigmoid(a_h W_out^T + b_out)}. */
    public Activations forward(DoubleMatrix x) {
        DoubleMatrix aH = biasSigmoid(gemm(false, true, 1, x, weightH, 0, null), biasH);
        DoubleMatrix aOut = biasSigmoid(gemm(false, true, 1, aH, weightOut, 0, null), biasOut);
        return new Activations(aH, aOut);
    }

    /** The seed's {@code backward}: gradients of the mean squared error over the batch. */
    public Gradients backward(DoubleMatrix x, Activations act, int[] labels) {
        DoubleMatrix deltaOut = mseOutputDelta(act.out(), labels);
        DoubleMatrix dWeightOut = gemm(true, false, 1, deltaOut, act.hidden(), 0, null);
        DoubleMatrix dBiasOut = columnSums(1, deltaOut, 0, null);
        DoubleMatrix dLossDaH = gemm(false, false, 1, deltaOut, weightOut, 0, null);
        DoubleMatrix deltaH = sigmoidBackward(dLossDaH, act.hidden());
        DoubleMatrix dWeightH = gemm(true, false, 1, deltaH, x, 0, null);
        DoubleMatrix dBiasH = columnSums(1, deltaH, 0, null);
        return new Gradients(dWeightOut, dBiasOut, dWeightH, dBiasH);
    }

    /** One SGD step on one minibatch: forward, backward, {@code param -= lr * grad}. */
    public void step(DoubleMatrix x, int[] labels, double learningRate) {
        Gradients g = backward(x, forward(x), labels);
        subtractScaled(weightH, g.dWeightH(), learningRate);
        subtractScaled(biasH, g.dBiasH(), learningRate);
        subtractScaled(weightOut, g.dWeightOut(), learningRate);
        subtractScaled(biasOut, g.dBiasOut(), learningRate);
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
