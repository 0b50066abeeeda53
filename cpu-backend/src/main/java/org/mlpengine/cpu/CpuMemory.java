package org.mlpengine.cpu;

import java.util.Locale;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Bytes;

/**
 * Host arrays for the CPU backend's "device" memory. A request beyond a Java array's length or beyond the heap
 * becomes a {@link BackendException} naming the size requested and what the heap has, not a raw
 * {@link OutOfMemoryError} or {@link NegativeArraySizeException}; the heap is untouched by the failed request,
 * so the backend stays usable.
 */
final class CpuMemory {
    /** The largest array length HotSpot allocates (a few header words below {@code Integer.MAX_VALUE}). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Bytes of one cache line, the alignment a 16-float vector load needs to touch one line only. */
    private static final int LINE = 64;

    /**
     * Floats before a matrix's first element so that it starts on a cache line: possible only when the JVM
     * aligns every object to a multiple of 64 bytes ({@code -XX:ObjectAlignmentInBytes=64}, as the launcher
     * sets); then the first element sits a fixed header size into the object. Otherwise 0, and where arrays
     * fall is up to the JVM. Vector loads that straddle two lines slow the forward product down (measurements:
     * cpu-backend/PERFORMANCE.md, "Constants in the code").
     */
    static final int ALIGN_PAD = alignPad();

    private CpuMemory() {
    }

    private static int alignPad() {
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            int objectAlignment = Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
            int base = sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET;
            return objectAlignment % LINE == 0 && base % 4 == 0 ? (LINE - base % LINE) % LINE / 4 : 0;
        } catch (RuntimeException | LinkageError e) { // not HotSpot, or no such option: no alignment to count on
            return 0;
        }
    }

    /** {@code elements} floats starting at index {@link #ALIGN_PAD} of the returned array. */
    static float[] floats(long elements, String what) {
        check(elements, MAX_ARRAY - ALIGN_PAD, what);
        try {
            return new float[(int) (elements + ALIGN_PAD)];
        } catch (OutOfMemoryError e) {
            throw outOfHeap(elements, what);
        }
    }

    static int[] ints(long elements, String what) {
        check(elements, MAX_ARRAY, what);
        try {
            return new int[(int) elements];
        } catch (OutOfMemoryError e) {
            throw outOfHeap(elements, what);
        }
    }

    /** {@code limit}: the most elements one array can hold for this use (less the alignment padding for floats). */
    private static void check(long elements, long limit, String what) {
        if (elements > limit) {
            throw new BackendException(String.format(Locale.ROOT,
                    "cpu: cannot allocate %s for %s: %d elements, a Java array holds at most %d",
                    Bytes.human(4 * elements), what, elements, limit));
        }
    }

    private static BackendException outOfHeap(long elements, String what) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return new BackendException(String.format(Locale.ROOT,
                "cpu: cannot allocate %s for %s: %s of the Java heap's %s is free (give the JVM more with -Xmx)",
                Bytes.human(4 * elements), what, Bytes.human(Math.max(0, free)), Bytes.human(rt.maxMemory())));
    }
}
