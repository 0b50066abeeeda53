package org.mlpengine.core.data;

/**
 * An IDX file is malformed: bad magic, bad dimensions, truncated, trailing bytes, corrupt gzip,
 * or its content does not fit what the caller expected (shape, label range, counts).
 * The message starts with the file and says what is wrong, on one line.
 */
public class IdxFormatException extends DataException {
    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
