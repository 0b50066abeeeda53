package org.mlpengine.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a run's figures as an extra that may fail: a Java runtime without AWT (a jlinked one without
 * {@code java.desktop}), a host without fonts or font libraries, or a full disk costs the figures, with one
 * warning line, never the run. Names no AWT class itself, so it loads where AWT cannot.
 */
public final class BestEffortFigures {
    /** Draws figures, adding each file name to {@code written} as soon as that file is complete. */
    public interface Drawing {
        void draw(List<String> written) throws Exception;
    }

    private BestEffortFigures() {
    }

    /** The figures written; on a failure, those written before it, and one warning on {@code warnings}. */
    static List<String> draw(Drawing drawing, PrintStream warnings) {
        return draw(drawing, warnings, " (--no-figures skips drawing)");
    }

    /** As {@link #draw(Drawing, PrintStream)}, the warning ending with {@code hint} (how to skip drawing, or ""). */
    public static List<String> draw(Drawing drawing, PrintStream warnings, String hint) {
        List<String> written = new ArrayList<>();
        try {
            drawing.draw(written);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Exception | Error e) {
            // NoClassDefFoundError (no java.desktop), UnsatisfiedLinkError (no libfreetype), Error "No fonts found"...
            warnings.println("warning: figures not drawn (" + e.getClass().getName() + ": " + Main.oneLine(e.getMessage())
                    + ")" + (written.isEmpty() ? "" : " after " + String.join(", ", written))
                    + "; the results are complete without them" + hint);
        }
        return List.copyOf(written);
    }
}
