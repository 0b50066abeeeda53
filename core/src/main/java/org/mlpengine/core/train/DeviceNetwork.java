package org.mlpengine.core.train;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.model.Mlp;

/**
 * An MLP's weights and working buffers on a backend, and the forward/backward/update step written
 * only against the SPI (docs/ARCHITECTURE.md, "One training step"). Buffers are allocated once: exactly {@code stepRows} rows
 * for the training step (so a step makes no views and allocates nothing), and {@code evalRows} rows
 * for forward-only passes, whose last, smaller batch uses row views.
 */
final class DeviceNetwork implements AutoCloseable {
    private final Backend backend;
    private final int[] sizes;
    private final int layers;
    private final DeviceMatrix[] weights;
    private final DeviceMatrix[] biases;
    /** activations[l] holds layer l+1's output (B x sizes[l+1]); the input is the caller's batch. */
    private final DeviceMatrix[] activations;
    /** The same for forward-only passes over more rows than a training step has. */
    private final DeviceMatrix[] evalActivations;
    /** deltas[l] holds the loss gradient w.r.t. layer l+1's pre-activation. */
    private final DeviceMatrix[] deltas;

    DeviceNetwork(Backend backend, Mlp model, int stepRows, int evalRows) {
        this.backend = backend;
        this.sizes = model.sizes();
        this.layers = model.layers();
        weights = new DeviceMatrix[layers];
        biases = new DeviceMatrix[layers];
        activations = new DeviceMatrix[layers];
        evalActivations = new DeviceMatrix[layers];
        deltas = new DeviceMatrix[layers];
        for (int l = 0; l < layers; l++) {
            weights[l] = backend.allocate(sizes[l + 1], sizes[l]);
            biases[l] = backend.allocate(1, sizes[l + 1]);
            activations[l] = backend.allocate(stepRows, sizes[l + 1]);
            evalActivations[l] = evalRows > stepRows ? backend.allocate(evalRows, sizes[l + 1]) : activations[l];
            deltas[l] = backend.allocate(stepRows, sizes[l + 1]);
            backend.upload(model.weights(l), 0, weights[l]);
            backend.upload(model.biases(l), 0, biases[l]);
        }
        backend.synchronize();
    }

    int inputs() {
        return sizes[0];
    }

    /** Forward pass over {@code x} (rows x inputs); returns the output layer's activations (a view). */
    DeviceMatrix forward(DeviceMatrix x) {
        int rows = x.rows();
        DeviceMatrix[] buffers = rows <= activations[0].rows() ? activations : evalActivations;
        DeviceMatrix in = x;
        for (int l = 0; l < layers; l++) {
            DeviceMatrix a = view(buffers[l], rows);
            backend.linearSigmoid(in, weights[l], biases[l], a);
            in = a;
        }
        return in;
    }

    /**
     * One SGD step on a minibatch: forward, the MSE output delta, back-propagation, and in-place updates
     * {@code W += -lr * delta^T * input}, {@code b += -lr * colsum(delta)}. Each layer's input delta is
     * computed before that layer's weights change, as in the seed.
     */
    void trainStep(DeviceMatrix x, DeviceInts labels, float learningRate) {
        int rows = x.rows();
        DeviceMatrix delta = outputDelta(x, labels);
        for (int l = layers - 1; l >= 0; l--) {
            DeviceMatrix input = l == 0 ? x : view(activations[l - 1], rows);
            if (l > 0) {
                backend.backpropSigmoid(delta, weights[l], input, view(deltas[l - 1], rows));
            }
            backend.sgdUpdate(learningRate, delta, input, weights[l], biases[l]);
            if (l > 0) {
                delta = view(deltas[l - 1], rows);
            }
        }
    }

    /**
     * The loss gradient of a minibatch shard, scaled, without touching the weights: {@code gradW[l] = scale *
     * delta^T * input}, {@code gradB[l] = scale * colsum(delta)}. With {@code scale = rows / batch} a shard's
     * gradient is its share of the full batch's (the output delta is already divided by the shard's rows).
     */
    void gradients(DeviceMatrix x, DeviceInts labels, float scale, DeviceMatrix[] gradW, DeviceMatrix[] gradB) {
        int rows = x.rows();
        DeviceMatrix delta = outputDelta(x, labels);
        for (int l = layers - 1; l >= 0; l--) {
            DeviceMatrix input = l == 0 ? x : view(activations[l - 1], rows);
            backend.gemm(true, false, scale, delta, input, 0f, gradW[l]);
            backend.columnSums(scale, delta, 0f, gradB[l]);
            if (l > 0) {
                DeviceMatrix below = view(deltas[l - 1], rows);
                backend.backpropSigmoid(delta, weights[l], input, below);
                delta = below;
            }
        }
    }

    /**
     * The forward pass and the MSE output delta of a minibatch, the part a training step and a replica's gradient
     * share. The two backward loops stay apart: one loop choosing per layer made the cpu backend's training pass
     * slower (cpu-backend/PERFORMANCE.md, "Constants in the code" and after).
     */
    private DeviceMatrix outputDelta(DeviceMatrix x, DeviceInts labels) {
        DeviceMatrix delta = view(deltas[layers - 1], x.rows());
        backend.mseOutputDelta(forward(x), labels, delta);
        return delta;
    }

    /** Replaces the weights with {@code model}'s (same layer sizes). */
    void upload(Mlp model) {
        for (int l = 0; l < layers; l++) {
            backend.upload(model.weights(l), 0, weights[l]);
            backend.upload(model.biases(l), 0, biases[l]);
        }
    }

    /** Replaces layer {@code l}'s weights and biases with host arrays. */
    void upload(int l, float[] w, float[] b) {
        backend.upload(w, 0, weights[l]);
        backend.upload(b, 0, biases[l]);
    }

    int[] sizes() {
        return sizes.clone();
    }

    /** Copies the weights back into a new host model. */
    Mlp download() {
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l + 1] * sizes[l]];
            b[l] = new float[sizes[l + 1]];
            backend.download(weights[l], w[l], 0);
            backend.download(biases[l], b[l], 0);
        }
        return new Mlp(sizes, w, b);
    }

    private static DeviceMatrix view(DeviceMatrix m, int rows) {
        return rows == m.rows() ? m : m.rowSlice(0, rows);
    }

    @Override
    public void close() {
        for (int l = 0; l < layers; l++) {
            weights[l].close();
            biases[l].close();
            if (evalActivations[l] != activations[l]) {
                evalActivations[l].close();
            }
            activations[l].close();
            deltas[l].close();
        }
    }
}
