package org.mlpengine.core.conformance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceOps;

/** gatherRows and gatherInts, with repeated indices, first and last rows, and slices as indices and outputs. */
public interface GatherConformance extends ConformanceSupport {

    @ParameterizedTest(name = "gatherRows {1} of {0} rows x {2}")
    @CsvSource({"100,33,785", "7,17,1", "1000,100,10", "1,1,1"})
    default void gatherRowsMatchesReference(int srcRows, int count, int cols) {
        String where = count + " of " + srcRows + "x" + cols;
        SplittableRandom rnd = TestData.random("gatherRows " + where);
        float[] src = TestData.uniform(rnd, srcRows * cols, -1, 1);
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
        SplittableRandom rnd = TestData.random("gatherInts " + where);
        int[] src = TestData.ints(rnd, srcLength, 1_000_000);
        int[] idx = indices(rnd, count, srcLength);
        DeviceInts dstOwner = ints(new int[count + 2]);
        backend().gatherInts(ints(src), ints(padded(idx)).slice(1, count), dstOwner.slice(1, count));
        int[] got = download(dstOwner);
        assertExact("gatherInts", where, Arrays.copyOfRange(got, 1, count + 1), ReferenceOps.gatherInts(src, idx));
        assertExact("gatherInts", where + ", around the output slice", new int[] {got[0], got[count + 1]}, new int[2]);
    }

    /** Random indices with repeats, including the first and the last row. */
    private static int[] indices(SplittableRandom rnd, int count, int bound) {
        int[] idx = TestData.ints(rnd, count, bound);
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
