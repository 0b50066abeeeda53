package org.mlpengine.core.data;

import java.util.List;

/**
 * Fetching the data failed from every source. The message is a first line saying what could not be
 * fetched where, then one indented line per source tried ("mirror X: HTTP 404", "npm: not installed").
 */
public class FetchException extends DataException {
    private final List<String> errors;

    public FetchException(String summary, List<String> errors) {
        super(summary + (errors.isEmpty() ? "" : ":\n  " + String.join("\n  ", errors)));
        this.errors = List.copyOf(errors);
    }

    /** One line per source tried, in the order tried. */
    public List<String> errors() {
        return errors;
    }
}
