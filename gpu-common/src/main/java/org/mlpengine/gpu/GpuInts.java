package org.mlpengine.gpu;

import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.Shapes;

/** An int32 vector in a device buffer: the owner of the buffer, or a view at an element offset. */
public final class GpuInts implements DeviceInts {
    final GpuBackend backend;
    private final GpuBuffer buffer;
    private final long offset;
    private final int length;
    private final boolean owner;

    GpuInts(GpuBackend backend, GpuBuffer buffer, long offset, int length, boolean owner) {
        this.backend = backend;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.owner = owner;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public long offset() {
        return offset;
    }

    public GpuBuffer buffer() {
        buffer.checkLive();
        return buffer;
    }

    boolean overlaps(GpuInts other) {
        return GpuBackend.overlaps(buffer, offset, length, other.buffer, other.offset, other.length);
    }

    @Override
    public DeviceInts slice(int start, int count) {
        Shapes.slice(start, count, length, "ints");
        return new GpuInts(backend, buffer, offset + start, count, false);
    }

    @Override
    public void close() {
        if (owner) {
            backend.release(buffer);
        }
    }

    @Override
    public String toString() {
        return backend.name() + " ints[" + length + "]" + (owner ? "" : " view at " + offset);
    }
}
