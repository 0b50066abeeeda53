package org.mlpengine.core.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceOps;

/**
 * gatherRows and gatherInts, with repeated indices, first and last rows, and slices as indices and outputs; and
 * every gather (gatherBatch too) given indices outside its source.
 */
public interface GatherConformance extends ConformanceSupport {

    @ParameterizedTest(name = "gatherRows {1} of {0} rows x {2}")
    @CsvSource({"100,33,785", "7,17,1", "1000,100,10", "1,1,1"})
    default void gatherRowsMatchesReference(int srcRows, int count, int cols) {
        String where = count + " of " + srcRows + "x" + cols;
        SplittableRandom rnd = RandomInputs.random("gatherRows " + where);
        float[] src = RandomInputs.uniform(rnd, srcRows * cols, -1, 1);
        int[] idx = indices(rnd, count, srcRows);
        DeviceMatrix dSrc = matrix(src, srcRows, cols);
        DeviceInts dIdx = ints(padded(idx)).slice(1, count);
        DeviceMatrix dstOwner = matrix(count + 2, cols);
        backend().gatherRows(dSrc, dIdx, dstOwner.rowSlice(1, count));
        float[] want = ReferenceOps.gatherRows(DoubleMatrix.of(src, srcRows, cols), idx).toFloats();
        float[] got = download(dstOwner);
        assertExact("gatherRows", where, Arrays.copyOfRange(got, cols, (count + 1) * cols), want);
        assertExact("gatherRows", where + ", rows around the output view",
                new float[] {got[0], got[got.length - 1]}, new float[] {0, 0});
    }

    @ParameterizedTest(name = "gatherInts {1} of {0}")
    @CsvSource({"100,33", "7,17", "55000,100", "1,1"})
    default void gatherIntsMatchesReference(int srcLength, int count) {
        String where = count + " of " + srcLength;
        SplittableRandom rnd = RandomInputs.random("gatherInts " + where);
        int[] src = RandomInputs.ints(rnd, srcLength, 1_000_000);
        int[] idx = indices(rnd, count, srcLength);
        DeviceInts dstOwner = ints(new int[count + 2]);
        backend().gatherInts(ints(src), ints(padded(idx)).slice(1, count), dstOwner.slice(1, count));
        int[] got = download(dstOwner);
        assertExact("gatherInts", where, Arrays.copyOfRange(got, 1, count + 1), ReferenceOps.gatherInts(src, idx));
        assertExact("gatherInts", where + ", around the output slice", new int[] {got[0], got[count + 1]}, new int[2]);
    }

    /**
     * An index outside the source (negative, one past the end, the int extremes) must not read outside it: the SPI
     * lets a backend throw (a one-line message; the backend goes on working) or write a NaN row, label -1. The source
     * is a view between decoy rows, so a read past its ends inside the same buffer would show as a decoy; the rows
     * around the output must stay untouched, and the valid indices gathered as usual.
     */
    @ParameterizedTest(name = "gathers with index {0}")
    @ValueSource(ints = {-1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE, -8})
    default void outOfRangeIndicesNeverReadOutsideTheSource(int bad) {
        String where = "index " + bad + " into 7 rows";
        SplittableRandom rnd = RandomInputs.random("gather out of range " + bad);
        int rows = 7;
        int cols = 5;
        float[] src = RandomInputs.uniform(rnd, rows * cols, -1, 1);
        int[] labels = RandomInputs.ints(rnd, rows, 10);
        float[] srcAll = new float[(rows + 4) * cols];
        Arrays.fill(srcAll, 9f);
        System.arraycopy(src, 0, srcAll, 2 * cols, src.length);
        int[] labelsAll = {-5, -5, 0, 0, 0, 0, 0, 0, 0, -5, -5};
        System.arraycopy(labels, 0, labelsAll, 2, rows);
        DeviceMatrix dSrc = matrix(srcAll, rows + 4, cols).rowSlice(2, rows);
        DeviceInts dLabels = ints(labelsAll).slice(2, rows);
        int[] idx = {3, bad, 0};
        DeviceInts dIdx = ints(idx);
        float[] wantRows = new float[3 * cols];
        System.arraycopy(src, 3 * cols, wantRows, 0, cols);
        Arrays.fill(wantRows, cols, 2 * cols, Float.NaN);
        System.arraycopy(src, 0, wantRows, 2 * cols, cols);
        int[] wantLabels = {labels[3], -1, labels[0]};

        Placed x = output(3, cols, true, rnd);
        if (gatheredOrThrew("gatherRows", where, () -> backend().gatherRows(dSrc, dIdx, x.view()))) {
            assertExact("gatherRows", where, x.check(this, "gatherRows", where), wantRows);
        }
        DeviceInts yOwner = ints(new int[] {4, 4, 4, 4, 4});
        if (gatheredOrThrew("gatherInts", where, () -> backend().gatherInts(dLabels, dIdx, yOwner.slice(1, 3)))) {
            assertExact("gatherInts", where, download(yOwner), new int[] {4, wantLabels[0], -1, wantLabels[2], 4});
        }
        Placed bx = output(3, cols, true, rnd);
        DeviceInts byOwner = ints(new int[] {4, 4, 4, 4, 4});
        if (gatheredOrThrew("gatherBatch", where,
                () -> backend().gatherBatch(dSrc, dLabels, dIdx, bx.view(), byOwner.slice(1, 3)))) {
            assertExact("gatherBatch", where, bx.check(this, "gatherBatch", where), wantRows);
            assertExact("gatherBatch", where + " (labels)", download(byOwner),
                    new int[] {4, wantLabels[0], -1, wantLabels[2], 4});
        }
        // Whatever happened, the backend goes on: a valid gather from the same source.
        DeviceMatrix again = matrix(1, cols);
        backend().gatherRows(dSrc, ints(new int[] {6}), again);
        assertExact("gatherRows", where + ", the next gather", download(again),
                Arrays.copyOfRange(src, 6 * cols, 7 * cols));
    }

    /** Runs a gather; false if it threw (with a one-line message), true if it returned and its output is to check. */
    private boolean gatheredOrThrew(String op, String where, Runnable gather) {
        try {
            gather.run();
            return true;
        } catch (RuntimeException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"),
                    op + " " + where + ": a one-line message, got " + e);
            errors().record(op + " (out of range)", 0, 0, where + ": threw " + e.getClass().getSimpleName());
            return false;
        }
    }

    /** Random indices with repeats, including the first and the last row. */
    private static int[] indices(SplittableRandom rnd, int count, int bound) {
        int[] idx = RandomInputs.ints(rnd, count, bound);
        idx[0] = bound - 1;
        idx[count - 1] = 0;
        if (count > 3) {
            idx[2] = idx[1];
        }
        return idx;
    }

    /** v between two invalid indices, so that ignoring a slice's offset cannot give the right answer. */
    private static int[] padded(int[] v) {
        int[] p = new int[v.length + 2];
        System.arraycopy(v, 0, p, 1, v.length);
        p[0] = -7;
        p[p.length - 1] = Integer.MAX_VALUE;
        return p;
    }
}
