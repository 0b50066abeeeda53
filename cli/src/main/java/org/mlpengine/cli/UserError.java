package org.mlpengine.cli;

/** A mistake the user can fix, on the command line or in a Spark task; printed as one line, exit code 1. */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
