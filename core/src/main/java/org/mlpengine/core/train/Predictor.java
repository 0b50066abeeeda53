package org.mlpengine.core.train;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.model.Mlp;

/**
 * Runs a trained model's forward pass on a backend: metrics (the same ops and batching as the
 * {@link Trainer}'s evaluation, so a saved and reloaded model scores exactly what it scored in training),
 * predicted classes, and the raw output scores.
 */
public final class Predictor implements AutoCloseable {
    private final Backend backend;
    private final DeviceNetwork network;
    private final int batch;
    private final int outputs;
    private final DeviceMatrix metrics;
    private final DeviceInts argmax;
    private final float[] metricsHost = new float[2];

    /** {@code batch} rows go through the network at a time; use the training batch size to reproduce its MSE. */
    public Predictor(Backend backend, Mlp model, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        this.backend = backend;
        this.batch = batch;
        this.outputs = model.outputs();
        this.network = new DeviceNetwork(backend, model, batch);
        this.metrics = backend.allocate(1, 2);
        this.argmax = backend.allocateInts(batch);
    }

    /** MSE over every sample and output, and accuracy. */
    public Metrics evaluate(Dataset data) {
        checkInputs(data);
        Trainer.checkLabels("the data", data, outputs);
        try (DeviceDataset d = new DeviceDataset(backend, data)) {
            backend.fill(metrics, 0f);
            for (int start = 0; start < d.rows(); start += batch) {
                int n = Math.min(batch, d.rows() - start);
                DeviceMatrix out = network.forward(d.features.rowSlice(start, n));
                backend.accumulateMetrics(out, d.labels.slice(start, n), metrics);
            }
            backend.download(metrics, metricsHost, 0);
            return Metrics.of(metricsHost[0], metricsHost[1], d.rows(), outputs);
        }
    }

    /** The predicted class (first maximum output) of every sample. */
    public int[] predict(Dataset data) {
        checkInputs(data);
        int[] labels = new int[data.rows()];
        try (DeviceDataset d = new DeviceDataset(backend, data)) {
            for (int start = 0; start < d.rows(); start += batch) {
                int n = Math.min(batch, d.rows() - start);
                DeviceInts view = n == batch ? argmax : argmax.slice(0, n);
                backend.rowArgmax(network.forward(d.features.rowSlice(start, n)), view);
                backend.download(view, labels, start);
            }
        }
        return labels;
    }

    /** The output layer's activations, {@code rows x outputs} row-major. */
    public float[] scores(Dataset data) {
        checkInputs(data);
        float[] scores = new float[Math.multiplyExact(data.rows(), outputs)];
        try (DeviceDataset d = new DeviceDataset(backend, data)) {
            for (int start = 0; start < d.rows(); start += batch) {
                int n = Math.min(batch, d.rows() - start);
                backend.download(network.forward(d.features.rowSlice(start, n)), scores, start * outputs);
            }
        }
        return scores;
    }

    private void checkInputs(Dataset data) {
        if (data.features() != network.inputs()) {
            throw new IllegalArgumentException("the data has " + data.features() + " features per sample but the "
                    + "model's input layer has " + network.inputs());
        }
    }

    @Override
    public void close() {
        network.close();
        metrics.close();
        argmax.close();
    }
}
