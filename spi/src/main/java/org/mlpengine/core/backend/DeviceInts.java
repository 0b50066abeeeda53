package org.mlpengine.core.backend;

/**
 * A vector of int32 on a backend's device: labels, shuffled indices, argmax results.
 * Same ownership rules as {@link DeviceMatrix}.
 */
public interface DeviceInts extends AutoCloseable {
    int length();

    /** Offset of element 0 from the start of the owner's storage, in ints. 0 for owned vectors. */
    long offset();

    /** A view of elements {@code [start, start + count)}. */
    DeviceInts slice(int start, int count);

    @Override
    void close();
}
