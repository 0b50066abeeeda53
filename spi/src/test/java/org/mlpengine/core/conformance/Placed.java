package org.mlpengine.core.conformance;

import java.util.Arrays;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * An op's output: an owned matrix, or a view into a larger one whose other rows hold decoys that must come back
 * unchanged; and what the owner held before the op. Made by {@link ConformanceSupport#output}.
 */
record Placed(DeviceMatrix owner, DeviceMatrix view, float[] before, int pad, int rows, int cols) {
    /** Rows of padding before a view and after it. */
    static final int PAD = 3;
    static final int TAIL = 2;

    /** Downloads the owner, checks the rows around the view are untouched, returns the view's elements. */
    float[] check(ConformanceSupport s, String op, String where) {
        float[] got = s.download(owner);
        int from = pad * cols;
        int to = (pad + rows) * cols;
        if (from > 0 || to < got.length) {
            s.assertExact(op, where + ", rows before the view", Arrays.copyOfRange(got, 0, from),
                    Arrays.copyOfRange(before, 0, from));
            s.assertExact(op, where + ", rows after the view", Arrays.copyOfRange(got, to, got.length),
                    Arrays.copyOfRange(before, to, before.length));
        }
        return Arrays.copyOfRange(got, from, to);
    }
}
