package org.mlpengine.opencl;

import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.backend.Shapes;

/** A float matrix in an OpenCL buffer: the owner of the buffer, or a view of consecutive rows at an element offset. */
final class OpenClMatrix implements DeviceMatrix {
    final OpenClBackend backend;
    final OpenClBuffer buffer;
    private final long offset;
    private final int rows;
    private final int cols;
    private final boolean owner;

    OpenClMatrix(OpenClBackend backend, OpenClBuffer buffer, long offset, int rows, int cols, boolean owner) {
        this.backend = backend;
        this.buffer = buffer;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.owner = owner;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public DeviceMatrix rowSlice(int start, int count) {
        Shapes.slice(start, count, rows, "rows");
        return new OpenClMatrix(backend, buffer, offset + (long) start * cols, count, cols, false);
    }

    @Override
    public void close() {
        if (owner) {
            backend.release(buffer);
        }
    }

    @Override
    public String toString() {
        return "OpenClMatrix " + shape() + (owner ? "" : " view at " + offset);
    }
}
