package org.mlpengine.core.data;

/** The data files are not where they were looked for; the message lists what was looked for where. */
public class MissingDataException extends DataException {
    public MissingDataException(String message) {
        super(message);
    }
}
