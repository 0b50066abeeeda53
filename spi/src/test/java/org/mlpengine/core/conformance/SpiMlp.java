package org.mlpengine.core.conformance;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * The seed's MLP composed from SPI ops exactly as docs/ARCHITECTURE.md ("One training step") lays out one training step:
 * parameters and buffers live on the device, allocated once; nothing comes back during training.
 */
final class SpiMlp implements AutoCloseable {
    private final Backend be;
    final DeviceMatrix weightH;
    final DeviceMatrix biasH;
    final DeviceMatrix weightOut;
    final DeviceMatrix biasOut;
    private final DeviceMatrix x;
    private final DeviceInts y;
    private final DeviceMatrix aH;
    private final DeviceMatrix aOut;
    private final DeviceMatrix deltaOut;
    private final DeviceMatrix deltaH;

    /** True: the step and the evaluation use the SPI's fused ops; false: only the primitives they compose. */
    private final boolean fused;

    SpiMlp(Backend be, int features, int hidden, int classes, int batch) {
        this(be, features, hidden, classes, batch, false);
    }

    SpiMlp(Backend be, int features, int hidden, int classes, int batch, boolean fused) {
        this.be = be;
        this.fused = fused;
        weightH = be.allocate(hidden, features);
        biasH = be.allocate(1, hidden);
        weightOut = be.allocate(classes, hidden);
        biasOut = be.allocate(1, classes);
        x = be.allocate(batch, features);
        y = be.allocateInts(batch);
        aH = be.allocate(batch, hidden);
        aOut = be.allocate(batch, classes);
        deltaOut = be.allocate(batch, classes);
        deltaH = be.allocate(batch, hidden);
    }

    /** {@code a_h = sigmoid(x W_h^T + b_h)}, {@code a_out = sigmoid(a_h W_out^T + b_out)}. */
    private void forward(DeviceMatrix in, DeviceMatrix hidden, DeviceMatrix out) {
        if (fused) {
            be.linearSigmoid(in, weightH, biasH, hidden);
            be.linearSigmoid(hidden, weightOut, biasOut, out);
            return;
        }
        be.gemm(false, true, 1, in, weightH, 0, hidden);
        be.biasSigmoid(hidden, biasH, hidden);
        be.gemm(false, true, 1, hidden, weightOut, 0, out);
        be.biasSigmoid(out, biasOut, out);
    }

    /** One SGD step on the rows of the data set that {@code batchIndices} picks. */
    void step(DeviceMatrix data, DeviceInts labels, DeviceInts batchIndices, float learningRate) {
        if (fused) {
            be.gatherBatch(data, labels, batchIndices, x, y);
            forward(x, aH, aOut);
            be.mseOutputDelta(aOut, y, deltaOut);
            be.backpropSigmoid(deltaOut, weightOut, aH, deltaH); // before W_out changes
            be.sgdUpdate(learningRate, deltaOut, aH, weightOut, biasOut);
            be.sgdUpdate(learningRate, deltaH, x, weightH, biasH);
            return;
        }
        be.gatherRows(data, batchIndices, x);
        be.gatherInts(labels, batchIndices, y);
        forward(x, aH, aOut);
        be.mseOutputDelta(aOut, y, deltaOut);
        be.gemm(false, false, 1, deltaOut, weightOut, 0, deltaH); // before W_out changes
        be.sigmoidBackward(deltaH, aH, deltaH);
        be.gemm(true, false, -learningRate, deltaOut, aH, 1, weightOut);
        be.columnSums(-learningRate, deltaOut, 1, biasOut);
        be.gemm(true, false, -learningRate, deltaH, x, 1, weightH);
        be.columnSums(-learningRate, deltaH, 1, biasH);
    }

    /** Adds the squared error and correct count over all rows into {@code metrics}, a batch of rows at a time. */
    void evaluate(DeviceMatrix data, DeviceInts labels, DeviceMatrix metrics) {
        int batch = x.rows();
        for (int start = 0; start < data.rows(); start += batch) {
            int n = Math.min(batch, data.rows() - start);
            DeviceMatrix hidden = aH.rowSlice(0, n);
            DeviceMatrix out = aOut.rowSlice(0, n);
            forward(data.rowSlice(start, n), hidden, out);
            be.accumulateMetrics(out, labels.slice(start, n), metrics);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {weightH, biasH, weightOut, biasOut, x, y, aH, aOut, deltaOut, deltaH}) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
