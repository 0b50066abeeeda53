package org.mlpengine.core.train;

/** Mean squared error and accuracy of a model over one dataset. */
public record Metrics(double mse, double accuracy, long samples) {
    /** From the device's accumulated sum of squared errors and count of correct predictions. */
    static Metrics of(double sumSquaredError, double correct, long samples, int outputs) {
        return new Metrics(sumSquaredError / ((double) samples * outputs), correct / samples, samples);
    }
}
