package org.mlpengine.opencl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_mem;
import org.mlpengine.core.backend.BackendException;

/** Allocates zero-filled device buffers, tracks the live ones and releases whatever is left on close. */
final class OpenClBuffers implements AutoCloseable {
    private final OpenClContext ctx;
    private final Set<OpenClBuffer> live = new LinkedHashSet<>();
    private long liveBytes;

    OpenClBuffers(OpenClContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A buffer of {@code elements} 4-byte elements, zero-filled.
     *
     * @throws BackendException naming the size requested and what the device has left when it does not fit
     */
    OpenClBuffer allocate(long elements, String what) {
        // Kernels index within one matrix with 32-bit ints.
        if (elements > Integer.MAX_VALUE) {
            throw new BackendException("opencl: cannot allocate " + what + ": " + elements
                    + " elements, the kernels index at most " + Integer.MAX_VALUE + " per matrix");
        }
        long bytes = elements * 4;
        OpenClDevice d = ctx.device;
        long free = d.globalMemBytes() - liveBytes;
        if (bytes > free || bytes > d.maxAllocBytes()) {
            throw new BackendException(String.format(Locale.ROOT,
                    "opencl: cannot allocate %s for %s on %s: %s of %s device memory available to this backend,"
                            + " at most %s per buffer", human(bytes), what, d.name(), human(Math.max(0, free)),
                    human(d.globalMemBytes()), human(d.maxAllocBytes())));
        }
        int[] err = new int[1];
        cl_mem mem = CL.clCreateBuffer(ctx.context, CL.CL_MEM_READ_WRITE, bytes, null, err);
        if (err[0] != CL.CL_SUCCESS) {
            throw new BackendException("clCreateBuffer(" + human(bytes) + " for " + what + "): " + OpenClErrors.name(err[0])
                    + " (" + human(Math.max(0, free)) + " of " + human(d.globalMemBytes()) + " device memory available)");
        }
        int code = CL.clEnqueueFillBuffer(ctx.queue, mem, Pointer.to(new int[] {0}), 4, 0, bytes, 0, null, null);
        if (code != CL.CL_SUCCESS) {
            CL.clReleaseMemObject(mem);
            throw OpenClErrors.error(code, "clEnqueueFillBuffer(" + what + ")");
        }
        OpenClBuffer b = new OpenClBuffer(mem, bytes);
        live.add(b);
        liveBytes += bytes;
        return b;
    }

    /** Frees {@code b} unless it was already freed. */
    void release(OpenClBuffer b) {
        if (live.remove(b)) {
            liveBytes -= b.bytes;
            CL.clReleaseMemObject(b.release());
        }
    }

    long liveBytes() {
        return liveBytes;
    }

    @Override
    public void close() {
        for (OpenClBuffer b : new ArrayList<>(live)) {
            release(b);
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
