package org.mlpengine.spark;

/** A mistake the user can fix, on the driver or in a task; printed as one line, exit code 1. */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
