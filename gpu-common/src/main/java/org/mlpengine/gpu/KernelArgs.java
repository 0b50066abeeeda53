package org.mlpengine.gpu;

import java.util.List;
import org.mlpengine.kernels.Kernel;

/**
 * The arguments of one launch, packed in order into reused arrays and checked against the kernel's declared
 * signature as they are added, so a launch allocates nothing and a wrong order fails at once, on every driver.
 * One instance per backend: a backend is used by one thread at a time.
 */
public final class KernelArgs {
    private static final int MAX = 16;

    private final Kernel.Arg[] kinds = new Kernel.Arg[MAX];
    private final int[] ints = new int[MAX];
    private final float[] floats = new float[MAX];
    private final long[] offsets = new long[MAX];
    private final GpuBuffer[] buffers = new GpuBuffer[MAX];
    private Kernel kernel;
    private List<Kernel.Arg> signature;
    private int count;

    /** Starts the arguments of a launch of {@code k}. */
    KernelArgs start(Kernel k) {
        kernel = k;
        signature = k.args();
        count = 0;
        return this;
    }

    KernelArgs i(int v) {
        ints[expect(Kernel.Arg.INT)] = v;
        return this;
    }

    KernelArgs f(float v) {
        floats[expect(Kernel.Arg.FLOAT)] = v;
        return this;
    }

    /** A matrix: its buffer and element offset, moved {@code shift} elements further (row chunks of a launch). */
    KernelArgs m(GpuMatrix x, long shift) {
        int at = expect(Kernel.Arg.FLOATS);
        buffers[at] = x.buffer();
        offsets[at] = x.offset() + shift;
        return this;
    }

    KernelArgs m(GpuMatrix x) {
        return m(x, 0);
    }

    KernelArgs v(GpuInts x) {
        int at = expect(Kernel.Arg.INTS);
        buffers[at] = x.buffer();
        offsets[at] = x.offset();
        return this;
    }

    /** Throws unless every argument of the signature was given. */
    void checkComplete() {
        if (count != signature.size()) {
            throw new IllegalStateException(kernel.symbol() + " takes " + signature.size() + " arguments, got " + count);
        }
    }

    private int expect(Kernel.Arg kind) {
        if (count >= signature.size() || signature.get(count) != kind) {
            throw new IllegalStateException("argument " + count + " of " + kernel.symbol() + " is "
                    + (count < signature.size() ? signature.get(count) : "past the end") + ", got " + kind);
        }
        kinds[count] = kind;
        return count++;
    }

    // ---------------------------------------------------------------- read by drivers

    /** The kernel these arguments are for. */
    public Kernel kernel() {
        return kernel;
    }

    /** Logical arguments (a buffer and its offset count as one). */
    public int count() {
        return count;
    }

    public Kernel.Arg kind(int i) {
        return kinds[i];
    }

    public int intAt(int i) {
        return ints[i];
    }

    public float floatAt(int i) {
        return floats[i];
    }

    /** The buffer of a {@link Kernel.Arg#FLOATS} or {@link Kernel.Arg#INTS} argument. */
    public GpuBuffer bufferAt(int i) {
        return buffers[i];
    }

    /** The element offset that goes with {@link #bufferAt}. */
    public long offsetAt(int i) {
        return offsets[i];
    }
}
