package org.mlpengine.spark;

/**
 * A task lost a peer of the parameter exchange (it closed its connection, stopped answering, or never came). Usually
 * the consequence of another task's failure, so the driver reports that task's own error instead where there is one.
 */
final class PeerLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PeerLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
