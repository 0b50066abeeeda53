package org.mlpengine.opencl;

import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.Shapes;

/** An int32 vector in an OpenCL buffer: the owner of the buffer, or a view at an element offset. */
final class OpenClInts implements DeviceInts {
    final OpenClBackend backend;
    final OpenClBuffer buffer;
    private final long offset;
    private final int length;
    private final boolean owner;

    OpenClInts(OpenClBackend backend, OpenClBuffer buffer, long offset, int length, boolean owner) {
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

    @Override
    public DeviceInts slice(int start, int count) {
        Shapes.slice(start, count, length, "ints");
        return new OpenClInts(backend, buffer, offset + start, count, false);
    }

    @Override
    public void close() {
        if (owner) {
            backend.release(buffer);
        }
    }

    @Override
    public String toString() {
        return "OpenClInts[" + length + "]" + (owner ? "" : " view at " + offset);
    }
}
