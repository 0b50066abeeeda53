package org.mlpengine.core.train;

/** Releases device buffers on the way out of a failure or a close. */
final class Closing {
    private Closing() {
    }

    /** Closes each non-null resource; device memory cannot usefully fail to close, and the backend's close frees the rest. */
    static void quietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // see the class comment
                }
            }
        }
    }
}
