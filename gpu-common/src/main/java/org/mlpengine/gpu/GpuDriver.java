package org.mlpengine.gpu;

import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.kernels.Kernel;

/**
 * What one GPU API has to provide so that {@link GpuBackend} can run the SPI on it: memory (allocate, free, copy in,
 * copy out, fill), our kernels built or loaded once (at open, for {@link #limits()}'s constants), launches with
 * packed arguments on one in-order queue, and a way to wait for that queue. Everything else, from shape checks to
 * launch geometry, is {@link GpuBackend}'s, written once.
 *
 * <p>A driver is used by one thread at a time. Methods throw {@link org.mlpengine.core.backend.BackendException}
 * with the API's error name for driver failures.
 */
public interface GpuDriver extends AutoCloseable {

    /** The backend name users select: "opencl", "cuda". */
    String name();

    /** The device, as {@code backends} lists it. */
    DeviceInfo info();

    /** Sizes this driver's kernels were built for and the device's launch limits. */
    GpuLimits limits();

    /** A zero-filled allocation of {@code bytes}; {@code what} names it in errors ("a 100x784 matrix"). */
    GpuBuffer allocate(long bytes, String what);

    /** Frees {@code buffer} once no enqueued work still uses it. Called once per buffer. */
    void free(GpuBuffer buffer);

    /** Copies {@code count} floats from {@code src[srcIndex..]} to {@code dst} at element {@code dstOffset}; blocking. */
    void write(GpuBuffer dst, long dstOffset, float[] src, int srcIndex, int count);

    /** As {@link #write(GpuBuffer, long, float[], int, int)} for ints. */
    void write(GpuBuffer dst, long dstOffset, int[] src, int srcIndex, int count);

    /** Copies {@code count} floats at element {@code srcOffset} of {@code src} into {@code dst[dstIndex..]}, after all enqueued work. */
    void read(GpuBuffer src, long srcOffset, float[] dst, int dstIndex, int count);

    /** As {@link #read(GpuBuffer, long, float[], int, int)} for ints. */
    void read(GpuBuffer src, long srcOffset, int[] dst, int dstIndex, int count);

    /** Enqueues setting {@code count} 4-byte elements from element {@code offset} to the bit pattern {@code bits}. */
    void fill(GpuBuffer dst, long offset, long count, int bits);

    /**
     * Enqueues {@code kernel} on {@code groupsX x groupsY} blocks of {@code localX x localY} work-items, with
     * {@code args} (complete and checked against the kernel's signature). Must not allocate on the Java heap.
     */
    void launch(Kernel kernel, KernelArgs args, int groupsX, int groupsY, int localX, int localY);

    /** Waits for everything enqueued. */
    void synchronize();

    /** A vendor GEMM to use for plain {@code gemm} calls, or null for our kernels. */
    default LibraryGemm libraryGemm() {
        return null;
    }

    /** Releases the program, queue and context; buffers are freed before this by {@link GpuBackend#close()}. */
    @Override
    void close();
}
