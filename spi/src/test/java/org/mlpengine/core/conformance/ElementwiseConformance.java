package org.mlpengine.core.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceOps;

/**
 * biasSigmoid, sigmoidBackward and mseOutputDelta, each three ways: into a separate output, in place
 * (which the SPI allows), and on views with non-zero offsets as inputs and output (whose neighbouring rows must
 * stay untouched).
 */
public interface ElementwiseConformance extends ConformanceSupport {

    /** {rows, cols, layout}: layout 0 = separate output, 1 = in place, 2 = views. */
    static Stream<Arguments> elementwiseCases() {
        int[][] shapes = {{1, 1}, {7, 33}, {100, 50}, {100, 10}, {33, 785}, {17, 129}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : shapes) {
            for (int layout = 0; layout < 3; layout++) {
                cases.add(Arguments.of(s[0], s[1], layout));
            }
        }
        return cases.stream();
    }

    String[] LAYOUTS = {"separate output", "in place", "on views"};

    @ParameterizedTest(name = "biasSigmoid {0}x{1} layout {2}")
    @MethodSource("org.mlpengine.core.conformance.ElementwiseConformance#elementwiseCases")
    default void biasSigmoidMatchesReference(int rows, int cols, int layout) {
        String where = rows + "x" + cols + " " + LAYOUTS[layout];
        SplittableRandom rnd = RandomInputs.random("biasSigmoid " + where);
        float[] z = RandomInputs.uniform(rnd, rows * cols, -6, 6);
        float[] bias = RandomInputs.uniform(rnd, cols, -2, 2);
        DeviceMatrix dZ = placed(z, rows, cols, layout, rnd);
        DeviceMatrix dBias = placed(bias, 1, cols, layout, rnd);
        Placed out = outputFor(dZ, layout, rnd);
        backend().biasSigmoid(dZ, dBias, out.view());
        DoubleMatrix want = ReferenceOps.biasSigmoid(DoubleMatrix.of(z, rows, cols), DoubleMatrix.of(bias, 1, cols));
        assertClose("biasSigmoid", where, out.check(this, "biasSigmoid", where), want.data, Tolerances.BIAS_SIGMOID);
    }

    @ParameterizedTest(name = "sigmoidBackward {0}x{1} layout {2}")
    @MethodSource("org.mlpengine.core.conformance.ElementwiseConformance#elementwiseCases")
    default void sigmoidBackwardMatchesReference(int rows, int cols, int layout) {
        String where = rows + "x" + cols + " " + LAYOUTS[layout];
        SplittableRandom rnd = RandomInputs.random("sigmoidBackward " + where);
        float[] delta = RandomInputs.uniform(rnd, rows * cols, -1, 1);
        float[] a = RandomInputs.activations(rnd, rows * cols);
        DeviceMatrix dDelta = placed(delta, rows, cols, layout, rnd);
        DeviceMatrix dA = placed(a, rows, cols, layout, rnd);
        Placed out = outputFor(dDelta, layout, rnd);
        backend().sigmoidBackward(dDelta, dA, out.view());
        DoubleMatrix want = ReferenceOps.sigmoidBackward(DoubleMatrix.of(delta, rows, cols), DoubleMatrix.of(a, rows, cols));
        assertClose("sigmoidBackward", where, out.check(this, "sigmoidBackward", where), want.data,
                Tolerances.SIGMOID_BACKWARD);
    }

    @ParameterizedTest(name = "mseOutputDelta {0}x{1} layout {2}")
    @MethodSource("org.mlpengine.core.conformance.ElementwiseConformance#elementwiseCases")
    default void mseOutputDeltaMatchesReference(int rows, int cols, int layout) {
        String where = rows + "x" + cols + " " + LAYOUTS[layout];
        SplittableRandom rnd = RandomInputs.random("mseOutputDelta " + where);
        float[] a = RandomInputs.activations(rnd, rows * cols);
        int[] labels = RandomInputs.ints(rnd, rows, cols);
        if (rows > 2) {
            labels[1] = -1; // outside [0, cols): a row without a one-hot entry
            labels[2] = cols;
        }
        DeviceMatrix dA = placed(a, rows, cols, layout, rnd);
        DeviceInts dLabels = layout == 2 ? ints(withPadding(labels)).slice(2, rows) : ints(labels);
        Placed out = outputFor(dA, layout, rnd);
        backend().mseOutputDelta(dA, dLabels, out.view());
        DoubleMatrix want = ReferenceOps.mseOutputDelta(DoubleMatrix.of(a, rows, cols), labels);
        assertClose("mseOutputDelta", where, out.check(this, "mseOutputDelta", where), want.data,
                Tolerances.MSE_OUTPUT_DELTA);
    }

    /** Layouts 0 and 1: an owned matrix; layout 2: rows [2, 2 + rows) of a larger matrix. */
    private DeviceMatrix placed(float[] host, int rows, int cols, int layout, SplittableRandom rnd) {
        if (layout < 2) {
            return matrix(host, rows, cols);
        }
        float[] all = RandomInputs.uniform(rnd, (rows + 3) * cols, 0.1, 0.9);
        System.arraycopy(host, 0, all, 2 * cols, host.length);
        return matrix(all, rows + 3, cols).rowSlice(2, rows);
    }

    /**
     * The output for a layout: a new NaN-filled matrix, the input itself, or a view into a larger matrix whose other
     * rows must come back unchanged.
     */
    private Placed outputFor(DeviceMatrix input, int layout, SplittableRandom rnd) {
        if (layout == 1) {
            return new Placed(input, input, null, 0, input.rows(), input.cols());
        }
        return output(input.rows(), input.cols(), layout == 2, rnd);
    }

    private static int[] withPadding(int[] v) {
        int[] p = new int[v.length + 4];
        System.arraycopy(v, 0, p, 2, v.length);
        p[0] = p[1] = p[p.length - 2] = p[p.length - 1] = 99;
        return p;
    }
}
