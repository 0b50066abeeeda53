package org.mlpengine.cli;

/** A mistake the user can fix; printed as one line, exit code 1. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
