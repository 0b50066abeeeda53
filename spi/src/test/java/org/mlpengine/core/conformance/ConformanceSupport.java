package org.mlpengine.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.function.Executable;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;

/** What every conformance test group needs: the backend under test, the error log, transfers and comparisons. */
public interface ConformanceSupport {

    Backend backend();

    /** The provider, for tests that open a backend of their own. */
    BackendProvider backendProvider();

    ErrorLog errors();

    /** Remembers a matrix or vector to close after the current test. */
    <T extends AutoCloseable> T track(T resource);

    default DeviceMatrix matrix(int rows, int cols) {
        return track(backend().allocate(rows, cols));
    }

    default DeviceMatrix matrix(float[] host, int rows, int cols) {
        DeviceMatrix m = matrix(rows, cols);
        backend().upload(host, 0, m);
        return m;
    }

    /**
     * An op's output: owned and NaN-filled, or ({@code view}) rows {@link Placed#PAD} on of a larger matrix whose
     * other rows hold decoys in [5, 9); {@link Placed#check} downloads it and checks the decoys are untouched.
     */
    default Placed output(int rows, int cols, boolean view, SplittableRandom rnd) {
        int pad = view ? Placed.PAD : 0;
        int tail = view ? Placed.TAIL : 0;
        float[] all = RandomInputs.uniform(rnd, (pad + rows + tail) * cols, 5, 9);
        Arrays.fill(all, pad * cols, (pad + rows) * cols, Float.NaN);
        DeviceMatrix owner = matrix(all, pad + rows + tail, cols);
        return new Placed(owner, view ? owner.rowSlice(pad, rows) : owner, all, pad, rows, cols);
    }

    default DeviceInts ints(int[] host) {
        DeviceInts v = track(backend().allocateInts(host.length));
        backend().upload(host, 0, v);
        return v;
    }

    default float[] download(DeviceMatrix m) {
        float[] host = new float[(int) m.size()];
        backend().download(m, host, 0);
        return host;
    }

    default int[] download(DeviceInts v) {
        int[] host = new int[v.length()];
        backend().download(v, host, 0);
        return host;
    }

    /**
     * Fails unless {@code |got[i] - want[i]| <= tol * scale[i]} everywhere (NaN fails); logs the largest
     * relative error. {@code scale} is |want| for element-wise ops and the sum of |terms| for sums.
     */
    default void assertClose(String op, String where, float[] got, double[] want, double[] scale, double tol) {
        assertEquals(want.length, got.length, op + " " + where + ": result size");
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(got[i] - want[i]);
            double rel = err == 0 ? 0 : err / Math.max(Math.abs(scale[i]), Double.MIN_NORMAL);
            if (!(rel <= tol)) {
                fail(String.format("%s %s: element %d is %s, reference %s (relative error %.3e > tolerance %.3e)",
                        op, where, i, got[i], want[i], rel, tol));
            }
            worst = Math.max(worst, rel);
        }
        errors().record(op, worst, tol, where);
    }

    /** Element-wise comparison: the scale is the reference value itself. */
    default void assertClose(String op, String where, float[] got, double[] want, double tol) {
        assertClose(op, where, got, want, want, tol);
    }

    default void assertExact(String op, String where, int[] got, int[] want) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], op + " " + where + ": element " + i);
        }
        errors().record(op, 0, 0, where + " (exact)");
    }

    default void assertExact(String op, String where, float[] got, float[] want) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(op + " " + where + ": element " + i + " is " + got[i] + ", expected " + want[i]);
            }
        }
        errors().record(op, 0, 0, where + " (exact)");
    }

    /** Shape errors are {@link IllegalArgumentException}s with a one-line message. */
    default void assertShapeError(String what, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"),
                what + ": message should be one line, got: " + e.getMessage());
    }

    /**
     * Training: fails unless every parameter is within {@code tol} of the reference's, relative to the largest
     * change the reference made to that tensor since {@code start} (a parameter's own size would hide a wrong step).
     */
    default void assertMovedLikeReference(String op, String where, float[] got, DoubleMatrix start, DoubleMatrix want,
                                          double tol) {
        double largestMove = 0;
        for (int i = 0; i < want.data.length; i++) {
            largestMove = Math.max(largestMove, Math.abs(want.data[i] - start.data[i]));
        }
        assertTrue(largestMove > 0, op + " " + where + ": the reference did not move");
        double[] scale = new double[want.data.length];
        Arrays.fill(scale, largestMove);
        assertClose(op, where, got, want.data, scale, tol);
    }

    /** Rows whose two largest outputs are within 1e-4: float rounding may decide their argmax either way. */
    static int nearTies(DoubleMatrix out) {
        int n = 0;
        for (int i = 0; i < out.rows; i++) {
            double best = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < out.cols; j++) {
                double v = out.get(i, j);
                if (v > best) {
                    second = best;
                    best = v;
                } else if (v > second) {
                    second = v;
                }
            }
            if (best - second < 1e-4) {
                n++;
            }
        }
        return n;
    }
}
