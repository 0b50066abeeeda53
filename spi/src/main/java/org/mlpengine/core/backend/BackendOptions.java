package org.mlpengine.core.backend;

/**
 * What the user asked for when opening a backend.
 *
 * @param device  device index from {@code -Ddevice=N} / {@code --device N}; 0 is the first (best ranked) device
 * @param threads worker threads for backends that use host threads; 0 means "all cores"
 */
public record BackendOptions(int device, int threads) {
    public static final BackendOptions DEFAULT = new BackendOptions(0, 0);

    public BackendOptions {
        if (device < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + device);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }
}
