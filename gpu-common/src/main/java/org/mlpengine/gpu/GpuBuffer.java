package org.mlpengine.gpu;

/** One device allocation, shared by an owning matrix (or int vector) and its views. Drivers subclass it with their handle. */
public abstract class GpuBuffer {
    private final long bytes;
    private boolean released;

    protected GpuBuffer(long bytes) {
        this.bytes = bytes;
    }

    public final long bytes() {
        return bytes;
    }

    /** Throws if the buffer was freed: a matrix used after it, its owner or its backend was closed. */
    public final void checkLive() {
        if (released) {
            throw new IllegalStateException("device matrix used after it (or its owner, or the backend) was closed");
        }
    }

    final void markReleased() {
        released = true;
    }
}
