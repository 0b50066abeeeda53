package org.mlpengine.core.conformance;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceOps;

/**
 * columnSums, rowArgmax (ties included) and accumulateMetrics over several calls; outputs also as views, whose
 * neighbouring rows must stay untouched.
 */
public interface ReductionConformance extends ConformanceSupport {

    @ParameterizedTest(name = "columnSums {0}x{1}")
    @CsvSource({"1,1", "7,33", "100,50", "100,10", "785,7", "1,785", "17,129"})
    default void columnSumsMatchReference(int rows, int cols) {
        for (float[] ab : GemmConformance.ALPHA_BETA) {
            for (boolean views : new boolean[] {false, true}) {
                String where = rows + "x" + cols + " alpha=" + ab[0] + " beta=" + ab[1] + (views ? " on views" : "");
                SplittableRandom rnd = RandomInputs.random("columnSums " + where);
                float[] a = RandomInputs.uniform(rnd, rows * cols, -1, 1);
                float[] old = ab[1] == 0 ? RandomInputs.nans(cols) : RandomInputs.uniform(rnd, cols, -1, 1);
                DeviceMatrix dA = views ? rowsOf(a, rows, cols, rnd) : matrix(a, rows, cols);
                Placed out = output(1, cols, views, rnd);
                backend().upload(old, 0, out.view());
                backend().columnSums(ab[0], dA, ab[1], out.view());
                DoubleMatrix rA = DoubleMatrix.of(a, rows, cols);
                DoubleMatrix rOld = DoubleMatrix.of(old, 1, cols);
                DoubleMatrix want = ReferenceOps.columnSums(ab[0], rA, ab[1], rOld);
                DoubleMatrix scale = ReferenceOps.columnSums(Math.abs(ab[0]), ReferenceOps.abs(rA), Math.abs(ab[1]),
                        ReferenceOps.abs(rOld));
                assertClose("columnSums", where, out.check(this, "columnSums", where), want.data, scale.data,
                        Tolerances.columnSums(rows));
            }
        }
    }

    @org.junit.jupiter.api.Test
    default void rowArgmaxTreatsNaNAsTheMaximumLikeNumPy() {
        float nan = Float.NaN;
        float[] a = {
            0.1f, nan, 0.9f, nan,   // first NaN wins: 1
            nan, 0.5f, 0.7f, 0.2f,  // NaN first: 0
            0.3f, 0.8f, 0.8f, 0.1f, // tie: first maximum, 1
            -1f, -2f, -3f, nan,     // NaN last still wins: 3
        };
        DeviceInts out = backend().allocateInts(4);
        backend().rowArgmax(matrix(a, 4, 4), out);
        int[] want = ReferenceOps.rowArgmax(DoubleMatrix.of(a, 4, 4));
        assertExact("rowArgmax", "4x4 with NaN", download(out), want);
        assertExact("rowArgmax", "4x4 with NaN (NumPy's answer)", want, new int[] {1, 0, 1, 3});
    }

    @ParameterizedTest(name = "rowArgmax {0}x{1}")
    @CsvSource({"1,1", "7,10", "100,10", "33,785", "100,1", "17,129"})
    default void rowArgmaxMatchesReferenceAndTakesTheFirstOfTies(int rows, int cols) {
        String where = rows + "x" + cols;
        SplittableRandom rnd = RandomInputs.random("rowArgmax " + where);
        float[] a = withTies(RandomInputs.uniform(rnd, rows * cols, -1, 1), rows, cols, rnd);
        DeviceMatrix dA = rowsOf(a, rows, cols, rnd);
        int[] before = new int[rows + 5];
        java.util.Arrays.fill(before, -3);
        DeviceInts owner = ints(before);
        DeviceInts out = owner.slice(3, rows);
        backend().rowArgmax(dA, out);
        int[] want = ReferenceOps.rowArgmax(DoubleMatrix.of(a, rows, cols));
        assertExact("rowArgmax", where + " with ties", download(out), want);
        int[] all = download(owner);
        System.arraycopy(want, 0, before, 3, rows);
        assertExact("rowArgmax", where + ", around the output slice", all, before);
    }

    @ParameterizedTest(name = "accumulateMetrics {0}x{1} in {2} calls, metrics a view {3}")
    @CsvSource({"100,10,3,false", "7,33,4,true", "1,1,2,false", "33,10,1,true"})
    default void accumulateMetricsAddsUpOverCalls(int rows, int cols, int calls, boolean view) {
        String where = rows + "x" + cols + " x " + calls + " calls" + (view ? ", metrics a view" : "");
        SplittableRandom rnd = RandomInputs.random("accumulateMetrics " + where);
        float[] start = {1.5f, 2f}; // accumulation must add to what is there
        Placed placed = output(1, 2, view, rnd);
        DeviceMatrix metrics = placed.view();
        backend().upload(start, 0, metrics);
        double sse = start[0];
        int correct = (int) start[1];
        for (int call = 0; call < calls; call++) {
            float[] a = withTies(RandomInputs.activations(rnd, rows * cols), rows, cols, rnd);
            int[] labels = RandomInputs.ints(rnd, rows, cols);
            int[] predicted = ReferenceOps.rowArgmax(DoubleMatrix.of(a, rows, cols));
            for (int i = 0; i < rows; i += 3) {
                labels[i] = predicted[i]; // enough correct rows to count, tie rows included
            }
            backend().accumulateMetrics(rowsOf(a, rows, cols, rnd), ints(labels), metrics);
            DoubleMatrix rA = DoubleMatrix.of(a, rows, cols);
            sse += ReferenceOps.sumSquaredError(rA, labels);
            correct += ReferenceOps.correct(rA, labels);
        }
        float[] got = placed.check(this, "accumulateMetrics", where);
        assertClose("accumulateMetrics", where + " (squared error)", new float[] {got[0]}, new double[] {sse},
                Tolerances.sumSquaredError((long) rows * cols * calls));
        assertExact("accumulateMetrics", where + " (correct count)", new float[] {got[1]}, new float[] {correct});
    }

    /**
     * Makes about a third of the rows tie for their maximum: two entries (or, in one row, all) equal
     * to a value above every other, so that taking the last maximum instead of the first is caught.
     */
    private static float[] withTies(float[] a, int rows, int cols, SplittableRandom rnd) {
        if (cols < 2) {
            return a;
        }
        for (int i = 0; i < rows; i += 3) {
            int first = rnd.nextInt(cols - 1);
            int second = first + 1 + rnd.nextInt(cols - first - 1);
            a[i * cols + first] = 2f;
            a[i * cols + second] = 2f;
        }
        if (rows > 1) {
            java.util.Arrays.fill(a, cols, 2 * cols, 0.5f);
        }
        return a;
    }

    /** The host matrix as rows [1, 1 + rows) of a larger matrix whose other rows would win any argmax. */
    private DeviceMatrix rowsOf(float[] host, int rows, int cols, SplittableRandom rnd) {
        float[] all = RandomInputs.uniform(rnd, (rows + 2) * cols, 10, 20);
        System.arraycopy(host, 0, all, cols, host.length);
        return matrix(all, rows + 2, cols).rowSlice(1, rows);
    }
}
