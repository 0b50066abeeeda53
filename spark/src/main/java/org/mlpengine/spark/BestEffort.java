package org.mlpengine.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws figures as an extra that may fail (a runtime without AWT, a host without fonts): one warning line, never
 * the run, as the command line's figures do. Names no AWT class itself, so it loads where AWT cannot.
 */
final class BestEffort {
    /** Draws figures, adding each file name to {@code written} as soon as that file is complete. */
    interface Drawing {
        void draw(List<String> written) throws Exception;
    }

    private BestEffort() {
    }

    static List<String> draw(Drawing drawing, PrintStream warnings) {
        List<String> written = new ArrayList<>();
        try {
            drawing.draw(written);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Exception | Error e) {
            warnings.println("warning: plots not drawn (" + e.getClass().getName() + ": "
                    + SparkMain.oneLine(e.getMessage()) + "); the results are complete without them");
        }
        return List.copyOf(written);
    }
}
