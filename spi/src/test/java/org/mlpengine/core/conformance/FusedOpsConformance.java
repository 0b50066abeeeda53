package org.mlpengine.core.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceOps;

/**
 * The SPI's fused ops (linearSigmoid, backpropSigmoid, sgdUpdate, gatherBatch) against the double reference, on
 * owned matrices and on views with offsets (whose neighbouring rows must stay untouched). A backend that keeps the
 * default compositions passes through its primitives; one that overrides them with fused kernels is held to the
 * same tolerances ({@link Tolerances#linearSigmoid}, {@link Tolerances#backpropSigmoid}, the gemm and column-sum
 * bounds for sgdUpdate; gatherBatch is exact).
 */
public interface FusedOpsConformance extends ConformanceSupport {

    /**
     * {rows, a, b}: the training step's shapes first (100 x 784 by 50 x 784, 100 x 50 by 10 x 50, and for
     * backprop/update the transposed roles), an evaluation pass's (300 rows), then degenerate and odd sizes that
     * straddle every tile edge.
     * linearSigmoid: x rows x a, w b x a. backpropSigmoid: delta rows x a, w a x b. sgdUpdate: delta rows x a,
     * input rows x b, w a x b.
     */
    int[][] FUSED_SHAPES = {
        {100, 784, 50}, {100, 50, 10}, {100, 10, 50}, {100, 50, 784}, {300, 784, 50},
        {1, 1, 1}, {7, 33, 1}, {1, 7, 33}, {33, 785, 7}, {785, 7, 33}, {17, 129, 65}, {64, 64, 64},
    };

    static Stream<Arguments> fusedCases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : FUSED_SHAPES) {
            for (boolean views : new boolean[] {false, true}) {
                cases.add(Arguments.of(s[0], s[1], s[2], views));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "linearSigmoid x {0}x{1}, w {2}x{1}, views={3}")
    @MethodSource("org.mlpengine.core.conformance.FusedOpsConformance#fusedCases")
    default void linearSigmoidMatchesReference(int rows, int in, int out, boolean views) {
        String where = "x " + rows + "x" + in + " w " + out + "x" + in + (views ? " on views" : "");
        SplittableRandom rnd = RandomInputs.random("linearSigmoid " + where);
        float[] x = RandomInputs.uniform(rnd, rows * in, -1, 1);
        double a = 3 / Math.sqrt(in); // pre-activations of about unit spread, whatever the inner dimension
        float[] w = RandomInputs.uniform(rnd, out * in, -a, a);
        float[] bias = RandomInputs.uniform(rnd, out, -2, 2);
        Placed dOut = output(rows, out, views, rnd);
        backend().linearSigmoid(input(x, rows, in, views, rnd), input(w, out, in, views, rnd),
                input(bias, 1, out, views, rnd), dOut.view());
        DoubleMatrix rx = DoubleMatrix.of(x, rows, in);
        DoubleMatrix rw = DoubleMatrix.of(w, out, in);
        DoubleMatrix rb = DoubleMatrix.of(bias, 1, out);
        assertClose("linearSigmoid", where, dOut.check(this, "linearSigmoid", where),
                ReferenceOps.linearSigmoid(rx, rw, rb).data, ReferenceOps.linearSigmoidScale(rx, rw, rb).data,
                Tolerances.linearSigmoid(in));
    }

    @ParameterizedTest(name = "backpropSigmoid delta {0}x{1}, w {1}x{2}, views={3}")
    @MethodSource("org.mlpengine.core.conformance.FusedOpsConformance#fusedCases")
    default void backpropSigmoidMatchesReference(int rows, int outUnits, int inUnits, boolean views) {
        String where = "delta " + rows + "x" + outUnits + " w " + outUnits + "x" + inUnits + (views ? " on views" : "");
        SplittableRandom rnd = RandomInputs.random("backpropSigmoid " + where);
        float[] delta = RandomInputs.uniform(rnd, rows * outUnits, -0.1, 0.1);
        float[] w = RandomInputs.uniform(rnd, outUnits * inUnits, -1, 1);
        float[] act = RandomInputs.activations(rnd, rows * inUnits);
        Placed dOut = output(rows, inUnits, views, rnd);
        backend().backpropSigmoid(input(delta, rows, outUnits, views, rnd), input(w, outUnits, inUnits, views, rnd),
                input(act, rows, inUnits, views, rnd), dOut.view());
        DoubleMatrix rd = DoubleMatrix.of(delta, rows, outUnits);
        DoubleMatrix rw = DoubleMatrix.of(w, outUnits, inUnits);
        DoubleMatrix ra = DoubleMatrix.of(act, rows, inUnits);
        assertClose("backpropSigmoid", where, dOut.check(this, "backpropSigmoid", where),
                ReferenceOps.backpropSigmoid(rd, rw, ra).data, ReferenceOps.backpropSigmoidScale(rd, rw, ra).data,
                Tolerances.backpropSigmoid(outUnits));
    }

    @ParameterizedTest(name = "sgdUpdate delta {0}x{1}, input {0}x{2}, views={3}")
    @MethodSource("org.mlpengine.core.conformance.FusedOpsConformance#fusedCases")
    default void sgdUpdateMatchesReference(int rows, int outUnits, int inUnits, boolean views) {
        String where = "delta " + rows + "x" + outUnits + " input " + rows + "x" + inUnits + (views ? " on views" : "");
        SplittableRandom rnd = RandomInputs.random("sgdUpdate " + where);
        float lr = views ? 0.1f : 2.5f;
        float[] delta = RandomInputs.uniform(rnd, rows * outUnits, -1, 1);
        float[] input = RandomInputs.activations(rnd, rows * inUnits);
        float[] w = RandomInputs.uniform(rnd, outUnits * inUnits, -1, 1);
        float[] bias = RandomInputs.uniform(rnd, outUnits, -1, 1);
        Placed dW = output(outUnits, inUnits, views, rnd);
        Placed dBias = output(1, outUnits, views, rnd);
        backend().upload(w, 0, dW.view());
        backend().upload(bias, 0, dBias.view());
        backend().sgdUpdate(lr, input(delta, rows, outUnits, views, rnd), input(input, rows, inUnits, views, rnd),
                dW.view(), dBias.view());
        DoubleMatrix rd = DoubleMatrix.of(delta, rows, outUnits);
        DoubleMatrix ri = DoubleMatrix.of(input, rows, inUnits);
        DoubleMatrix rw = DoubleMatrix.of(w, outUnits, inUnits);
        DoubleMatrix rb = DoubleMatrix.of(bias, 1, outUnits);
        assertClose("sgdUpdate: w", where + " lr=" + lr, dW.check(this, "sgdUpdate: w", where),
                ReferenceOps.sgdWeights(lr, rd, ri, rw).data,
                ReferenceOps.gemmMagnitude(true, false, lr, rd, ri, 1, rw).data, Tolerances.gemm(rows));
        assertClose("sgdUpdate: bias", where + " lr=" + lr, dBias.check(this, "sgdUpdate: bias", where),
                ReferenceOps.sgdBias(lr, rd, rb).data,
                ReferenceOps.columnSums(Math.abs(lr), ReferenceOps.abs(rd), 1, ReferenceOps.abs(rb)).data,
                Tolerances.columnSums(rows));
    }

    static Stream<Arguments> gatherBatchCases() {
        return Stream.of(Arguments.of(1000, 100, 784), Arguments.of(100, 33, 785), Arguments.of(7, 17, 1),
                Arguments.of(1, 1, 1), Arguments.of(300, 100, 10));
    }

    @ParameterizedTest(name = "gatherBatch {1} of {0} rows x {2}")
    @MethodSource("org.mlpengine.core.conformance.FusedOpsConformance#gatherBatchCases")
    default void gatherBatchMatchesReference(int srcRows, int count, int cols) {
        String where = count + " of " + srcRows + "x" + cols;
        SplittableRandom rnd = RandomInputs.random("gatherBatch " + where);
        float[] src = RandomInputs.uniform(rnd, srcRows * cols, -1, 1);
        int[] labels = RandomInputs.ints(rnd, srcRows, 1_000_000);
        int[] idx = RandomInputs.ints(rnd, count, srcRows);
        idx[0] = srcRows - 1;
        idx[count - 1] = 0;
        // Sources and indices are views too: an ignored offset reads the wrong rows or an invalid index.
        DeviceMatrix dSrc = matrix(withRows(src, cols, 2, 1, 9f), srcRows + 3, cols).rowSlice(2, srcRows);
        DeviceInts dLabels = ints(withInts(labels, 2, 1, -5)).slice(2, srcRows);
        DeviceInts dIdx = ints(withInts(idx, 1, 1, -7)).slice(1, count);
        DeviceMatrix xOwner = matrix(count + 2, cols);
        DeviceInts yOwner = ints(new int[count + 2]);
        backend().gatherBatch(dSrc, dLabels, dIdx, xOwner.rowSlice(1, count), yOwner.slice(1, count));
        float[] gotX = download(xOwner);
        int[] gotY = download(yOwner);
        assertExact("gatherBatch", where, Arrays.copyOfRange(gotX, cols, (count + 1) * cols),
                ReferenceOps.gatherRows(DoubleMatrix.of(src, srcRows, cols), idx).toFloats());
        assertExact("gatherBatch", where + " (labels)", Arrays.copyOfRange(gotY, 1, count + 1),
                ReferenceOps.gatherInts(labels, idx));
        float[] aroundX = new float[2 * cols];
        System.arraycopy(gotX, 0, aroundX, 0, cols);
        System.arraycopy(gotX, (count + 1) * cols, aroundX, cols, cols);
        assertExact("gatherBatch", where + ", rows around the output view", aroundX, new float[2 * cols]);
        assertExact("gatherBatch", where + ", around the label slice", new int[] {gotY[0], gotY[count + 1]}, new int[2]);
    }

    @Test
    default void fusedOpsRejectMismatchedShapes() {
        DeviceMatrix x = matrix(4, 6);
        DeviceMatrix w = matrix(3, 6);
        DeviceMatrix out = matrix(4, 3);
        assertShapeError("linearSigmoid with a bias of the wrong width",
                () -> backend().linearSigmoid(x, w, matrix(1, 6), out));
        assertShapeError("linearSigmoid into the wrong output", () -> backend().linearSigmoid(x, w, matrix(1, 3),
                matrix(4, 4)));
        assertShapeError("linearSigmoid with w not transposable onto x",
                () -> backend().linearSigmoid(x, matrix(3, 5), matrix(1, 3), out));
        assertShapeError("backpropSigmoid with a of the wrong shape",
                () -> backend().backpropSigmoid(out, w, matrix(4, 5), matrix(4, 6)));
        assertShapeError("backpropSigmoid into the wrong output",
                () -> backend().backpropSigmoid(out, w, matrix(4, 6), matrix(3, 6)));
        assertShapeError("sgdUpdate with a bias of the wrong width",
                () -> backend().sgdUpdate(0.1f, out, x, w, matrix(1, 6)));
        assertShapeError("sgdUpdate with delta and input of different rows",
                () -> backend().sgdUpdate(0.1f, matrix(5, 3), x, w, matrix(1, 3)));
        DeviceMatrix src = matrix(10, 6);
        DeviceInts labels = ints(new int[10]);
        assertShapeError("gatherBatch with fewer indices than rows",
                () -> backend().gatherBatch(src, labels, ints(new int[3]), x, ints(new int[4])));
        assertShapeError("gatherBatch with a label vector of the wrong length",
                () -> backend().gatherBatch(src, labels, ints(new int[4]), x, ints(new int[5])));
        assertShapeError("gatherBatch with different column counts",
                () -> backend().gatherBatch(src, labels, ints(new int[4]), matrix(4, 5), ints(new int[4])));
    }

    /** An input: an owned matrix, or rows [Placed.PAD, Placed.PAD + rows) of a larger one whose other rows hold decoys. */
    private DeviceMatrix input(float[] host, int rows, int cols, boolean views, SplittableRandom rnd) {
        if (!views) {
            return matrix(host, rows, cols);
        }
        float[] all = RandomInputs.uniform(rnd, (Placed.PAD + rows + Placed.TAIL) * cols, 5, 9);
        System.arraycopy(host, 0, all, Placed.PAD * cols, host.length);
        return matrix(all, Placed.PAD + rows + Placed.TAIL, cols).rowSlice(Placed.PAD, rows);
    }

    private static float[] withRows(float[] host, int cols, int before, int after, float value) {
        float[] all = new float[host.length + (before + after) * cols];
        Arrays.fill(all, value);
        System.arraycopy(host, 0, all, before * cols, host.length);
        return all;
    }

    private static int[] withInts(int[] host, int before, int after, int value) {
        int[] all = new int[host.length + before + after];
        Arrays.fill(all, value);
        System.arraycopy(host, 0, all, before, host.length);
        return all;
    }
}
