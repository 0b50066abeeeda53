package org.mlpengine.core.model.io;

/** A model or checkpoint file cannot be read or written; the message is one line and names the file. */
public class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
