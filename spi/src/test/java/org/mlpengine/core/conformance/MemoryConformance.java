package org.mlpengine.core.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/** Allocation, transfers, views, fill and closing. */
public interface MemoryConformance extends ConformanceSupport {

    @Test
    default void allocatedMemoryIsZero() {
        int[][] shapes = {{1, 1}, {7, 33}, {33, 1}, {100, 785}};
        for (int[] s : shapes) {
            float[] got = download(matrix(s[0], s[1]));
            assertExact("allocate", s[0] + "x" + s[1], got, new float[got.length]);
        }
        for (int n : new int[] {1, 7, 785}) {
            assertExact("allocateInts", "length " + n, download(track(backend().allocateInts(n))), new int[n]);
        }
    }

    @Test
    default void uploadDownloadRoundTripsBitForBit() {
        SplittableRandom rnd = RandomInputs.random("roundtrip");
        float[] values = RandomInputs.uniform(rnd, 7 * 33 + 5, -1e3, 1e3);
        float[] specials = {-0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE};
        System.arraycopy(specials, 0, values, 3, specials.length);
        DeviceMatrix m = matrix(7, 33);
        backend().upload(values, 3, m);
        float[] back = new float[7 * 33 + 2];
        backend().download(m, back, 2);
        float[] want = Arrays.copyOfRange(values, 3, 3 + 7 * 33);
        assertExact("upload/download", "7x33 at host offsets 3 and 2",
                Arrays.copyOfRange(back, 2, back.length), want);

        int[] ints = RandomInputs.ints(rnd, 40, 1000);
        ints[5] = Integer.MIN_VALUE;
        ints[6] = -1;
        ints[7] = Integer.MAX_VALUE;
        DeviceInts v = track(backend().allocateInts(33));
        backend().upload(ints, 5, v);
        int[] intsBack = new int[36];
        backend().download(v, intsBack, 3);
        assertExact("upload/download ints", "33 at host offsets 5 and 3",
                Arrays.copyOfRange(intsBack, 3, 36), Arrays.copyOfRange(ints, 5, 38));
    }

    @Test
    default void viewsShareTheirOwnersMemory() {
        DeviceMatrix owner = matrix(10, 7);
        DeviceMatrix view = owner.rowSlice(3, 4);
        DeviceMatrix inner = view.rowSlice(1, 2);
        assertEquals(21, view.offset());
        assertEquals(28, inner.offset());
        assertEquals("2x7", inner.shape());
        float[] rows = RandomInputs.uniform(RandomInputs.random("views"), 28, -1, 1);
        backend().upload(rows, 0, view);
        float[] all = download(owner);
        float[] want = new float[70];
        System.arraycopy(rows, 0, want, 21, 28);
        assertExact("rowSlice", "upload into rows [3, 7) of 10x7", all, want);
        assertExact("rowSlice", "nested view rows [4, 6)", download(inner),
                Arrays.copyOfRange(rows, 7, 21));
        view.close(); // closing a view frees nothing
        assertExact("rowSlice", "owner after closing a view", download(owner), want);

        DeviceInts ints = ints(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
        DeviceInts slice = ints.slice(2, 5).slice(1, 3);
        assertEquals(3, slice.offset());
        backend().upload(new int[] {-3, -4, -5}, 0, slice);
        assertArrayEquals(new int[] {0, 1, 2, -3, -4, -5, 6, 7}, download(ints));
    }

    @Test
    default void fillSetsEveryElementOfItsTarget() {
        DeviceMatrix m = matrix(33, 17);
        backend().fill(m, 1.5f);
        backend().fill(m.rowSlice(7, 20), -0.25f);
        float[] want = new float[33 * 17];
        Arrays.fill(want, 1.5f);
        Arrays.fill(want, 7 * 17, 27 * 17, -0.25f);
        assertExact("fill", "33x17, then rows [7, 27)", download(m), want);
    }

    @Test
    default void closingTwiceIsHarmless() {
        Backend own = backendProvider().open(BackendOptions.DEFAULT);
        DeviceMatrix m = own.allocate(3, 4);
        DeviceMatrix view = m.rowSlice(1, 1);
        DeviceInts v = own.allocateInts(5);
        view.close();
        m.close();
        m.close();
        v.close();
        v.close();
        own.allocate(2, 2); // left open: the backend frees it
        own.close();
        own.close();
    }
}
