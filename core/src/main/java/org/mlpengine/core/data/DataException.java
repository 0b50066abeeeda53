package org.mlpengine.core.data;

/**
 * Anything that went wrong while finding, fetching, reading or splitting a data set.
 * The CLI catches this one type and prints {@link #getMessage()}, which is written for the user:
 * one line naming the file (or source) and exactly what is wrong. ({@link FetchException} adds
 * one further line per source tried.)
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
