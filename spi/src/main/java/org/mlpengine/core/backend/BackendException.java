package org.mlpengine.core.backend;

/**
 * A backend could not do what was asked: not available, out of device memory, a kernel that did not build.
 * The message is written for the user (one line; build logs may follow on later lines).
 */
public class BackendException extends RuntimeException {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
