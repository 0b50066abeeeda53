package org.mlpengine.core.backend;

/**
 * A float32, row-major matrix that lives on a backend's device.
 *
 * <p>Owned matrices come from {@link Backend#allocate}; {@link #close()} frees the device memory at once
 * (and {@link Backend#close()} frees whatever is still open). {@link #rowSlice} gives a view of
 * consecutive rows sharing the owner's memory: closing a view does nothing, and a view must not be
 * used after its owner is closed. Backends keep their own handle type behind this interface; an op
 * given a matrix of another backend fails with {@link IllegalArgumentException}.
 */
public interface DeviceMatrix extends AutoCloseable {
    int rows();

    int cols();

    /** Offset of element (0,0) from the start of the owner's storage, in floats. 0 for owned matrices. */
    long offset();

    /** A view of rows {@code [start, start + count)}. */
    DeviceMatrix rowSlice(int start, int count);

    default long size() {
        return (long) rows() * cols();
    }

    default String shape() {
        return rows() + "x" + cols();
    }

    @Override
    void close();
}
