package org.mlpengine.cpu;

import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.Shapes;

/** An int vector in an int[] of its owner; a slice shares the owner's array at another offset. */
final class CpuInts implements DeviceInts {
    final CpuBackend backend;
    private final CpuInts owner;
    private final int[] data;
    final int offset;
    private final int length;
    private volatile boolean closed;

    /** A new owned vector of zeros. */
    CpuInts(CpuBackend backend, int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("int vector length must be positive, got " + length);
        }
        this.backend = backend;
        this.owner = this;
        this.data = CpuMemory.ints(length, length + " ints");
        this.offset = 0;
        this.length = length;
    }

    private CpuInts(CpuInts owner, int offset, int length) {
        this.backend = owner.backend;
        this.owner = owner;
        this.data = owner.data;
        this.offset = offset;
        this.length = length;
    }

    /** The storage; fails once the owner is closed. */
    int[] data() {
        if (owner.closed) {
            throw new IllegalStateException("int vector of " + length + " used after it was closed");
        }
        return data;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public DeviceInts slice(int start, int count) {
        Shapes.slice(start, count, length, "ints");
        return new CpuInts(owner, offset + start, count);
    }

    @Override
    public void close() {
        if (owner == this && !closed) {
            closed = true;
            backend.forget(this);
        }
    }
}
