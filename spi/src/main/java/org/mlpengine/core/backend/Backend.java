package org.mlpengine.core.backend;

/**
 * An open backend on one device: allocation, transfers, and the ops one MLP training step needs.
 *
 * <p>All matrices are float32 row-major. Ops are enqueued in call order and may run asynchronously;
 * a download, {@link #synchronize()} or {@link #close()} waits for everything enqueued before it.
 * An op whose output aliases an input is allowed only where its documentation says so.
 * A backend is used by one thread at a time. Shapes are checked with {@link Shapes} before any work
 * is enqueued; a mismatch throws {@link IllegalArgumentException} naming both shapes.
 *
 * <p>{@link #close()} releases every device resource this backend still holds (matrices not yet closed
 * included), deterministically, and is idempotent. Any later use of the backend, or of a matrix whose owner
 * is closed, throws {@link IllegalStateException}.
 */
public interface Backend extends AutoCloseable {

    /** The provider's name: "cpu", "opencl", "cuda". */
    String name();

    /** The device this backend runs on. */
    DeviceInfo device();

    // ---------------------------------------------------------------- memory

    /**
     * A new {@code rows x cols} matrix, filled with zeros; fewer than 2^31 elements (kernels index with int).
     * Too large for the device: a {@link BackendException} naming the size asked for and the size available.
     */
    DeviceMatrix allocate(int rows, int cols);

    /** A new int vector of {@code length} zeros. */
    DeviceInts allocateInts(int length);

    /** Copies {@code dst.size()} floats from {@code src[srcOffset..]} into {@code dst}. */
    void upload(float[] src, int srcOffset, DeviceMatrix dst);

    /** Copies {@code src.size()} floats into {@code dst[dstOffset..]}; waits for pending work. */
    void download(DeviceMatrix src, float[] dst, int dstOffset);

    /** Copies {@code dst.length()} ints from {@code src[srcOffset..]} into {@code dst}. */
    void upload(int[] src, int srcOffset, DeviceInts dst);

    /** Copies {@code src.length()} ints into {@code dst[dstOffset..]}; waits for pending work. */
    void download(DeviceInts src, int[] dst, int dstOffset);

    /** Sets every element of {@code m} to {@code value}. */
    void fill(DeviceMatrix m, float value);

    /** Waits until every enqueued op has finished. */
    void synchronize();

    // ---------------------------------------------------------------- ops

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is X or its transpose.
     * With {@code beta == 0}, C's old contents are ignored (NaN included). C must not alias A or B.
     */
    void gemm(boolean transA, boolean transB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta, DeviceMatrix c);

    /** {@code out = sigmoid(z + bias)}, bias a {@code 1 x cols} row broadcast over rows. {@code out} may be {@code z}. */
    void biasSigmoid(DeviceMatrix z, DeviceMatrix bias, DeviceMatrix out);

    /** {@code out = delta * a * (1 - a)}, element-wise: the sigmoid's backward pass. {@code out} may be {@code delta}. */
    void sigmoidBackward(DeviceMatrix delta, DeviceMatrix a, DeviceMatrix out);

    /**
     * The output layer's delta for MSE loss on one-hot targets:
     * {@code out = 2 (a - onehot(labels)) / a.rows() * a * (1 - a)}. {@code out} may be {@code a}.
     * Labels outside {@code [0, a.cols())} give a row with no one-hot entry (callers validate labels on load).
     */
    void mseOutputDelta(DeviceMatrix a, DeviceInts labels, DeviceMatrix out);

    /** {@code out = alpha * columnSums(a) + beta * out}, out a {@code 1 x a.cols()} row. With beta 0, old contents are ignored. */
    void columnSums(float alpha, DeviceMatrix a, float beta, DeviceMatrix out);

    /**
     * {@code out[i] = argmax_j a[i][j]} with NumPy's rules: the first index of the maximum on ties, and a NaN
     * counts as the maximum (the first NaN wins), so a diverged network never looks right by accident.
     */
    void rowArgmax(DeviceMatrix a, DeviceInts out);

    /**
     * Adds this batch's metrics into {@code metrics} (a {@code 1 x 2} matrix, on the device):
     * {@code metrics[0] += sum((a - onehot(labels))^2)}, {@code metrics[1] += count(argmax(a[i]) == labels[i])}.
     * Accumulation order is fixed, so results are reproducible. The count is a float, exact up to 2^24 rows
     * between resets (the trainer resets it before each evaluation pass).
     */
    void accumulateMetrics(DeviceMatrix a, DeviceInts labels, DeviceMatrix metrics);

    /**
     * {@code dst[i] = src[indices[i]]} for every row i of {@code dst}; {@code indices.length() == dst.rows()},
     * {@code dst.cols() == src.cols()}. Indices are the caller's to validate (they come from a permutation);
     * an out-of-range index must not read outside {@code src}: backends write a NaN row or throw.
     */
    void gatherRows(DeviceMatrix src, DeviceInts indices, DeviceMatrix dst);

    /** {@code dst[i] = src[indices[i]]}; {@code indices.length() == dst.length()}. Out of range: -1 or a throw. */
    void gatherInts(DeviceInts src, DeviceInts indices, DeviceInts dst);

    // ---------------------------------------------------------------- fused ops
    // Each is correct as composed here; a backend overrides one to save launches and passes over memory.
    // Shapes are checked before anything is enqueued. Outputs must not overlap inputs.

    /** A dense sigmoid layer's forward pass: {@code out = sigmoid(x * w^T + bias)}. */
    default void linearSigmoid(DeviceMatrix x, DeviceMatrix w, DeviceMatrix bias, DeviceMatrix out) {
        Shapes.linearSigmoid(x, w, bias, out);
        gemm(false, true, 1f, x, w, 0f, out);
        biasSigmoid(out, bias, out);
    }

    /**
     * Back-propagates a layer's delta through its weights and the sigmoid below:
     * {@code out = (delta * w) .* a .* (1 - a)}, where {@code a} is the layer's input activation.
     */
    default void backpropSigmoid(DeviceMatrix delta, DeviceMatrix w, DeviceMatrix a, DeviceMatrix out) {
        Shapes.backpropSigmoid(delta, w, a, out);
        gemm(false, false, 1f, delta, w, 0f, out);
        sigmoidBackward(out, a, out);
    }

    /** The SGD update of one layer, in place: {@code w += -lr * delta^T * input}, {@code bias += -lr * colsum(delta)}. */
    default void sgdUpdate(float learningRate, DeviceMatrix delta, DeviceMatrix input, DeviceMatrix w, DeviceMatrix bias) {
        Shapes.sgdUpdate(delta, input, w, bias);
        gemm(true, false, -learningRate, delta, input, 1f, w);
        columnSums(-learningRate, delta, 1f, bias);
    }

    /** Gathers a minibatch: {@code dstX[i] = srcX[indices[i]]}, {@code dstY[i] = srcY[indices[i]]}. */
    default void gatherBatch(DeviceMatrix srcX, DeviceInts srcY, DeviceInts indices, DeviceMatrix dstX, DeviceInts dstY) {
        Shapes.gatherBatch(srcX, indices, dstX, dstY);
        gatherRows(srcX, indices, dstX);
        gatherInts(srcY, indices, dstY);
    }

    @Override
    void close();
}
