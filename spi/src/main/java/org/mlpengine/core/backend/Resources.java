package org.mlpengine.core.backend;


/** Closing native resources in order, so one failure neither hides another nor leaks what comes after it. */
public final class Resources {
    private Resources() {
    }

    /**
     * Closes each non-null resource in order, whatever the others do; throws the first failure with the later ones
     * attached as suppressed.
     */
    public static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                RuntimeException failure = e instanceof RuntimeException re ? re : new BackendException(e.getMessage(), e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** After {@code failure} in a constructor: closes what was opened so far, keeping its failures as suppressed. */
    public static void closeAfter(RuntimeException failure, AutoCloseable... opened) {
        try {
            closeAll(opened);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
