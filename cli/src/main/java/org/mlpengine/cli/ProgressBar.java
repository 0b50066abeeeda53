package org.mlpengine.cli;

import java.io.PrintStream;
import java.util.Locale;

/** One self-overwriting terminal line per epoch: bar, batches done, samples/s, ETA. */
final class ProgressBar {
    private static final int WIDTH = 30;
    /** Redraw at most this often: a terminal line per 1 % of 550 steps is faster than anyone reads. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final int epochs;
    private final int batchSize;
    private long epochStart = System.nanoTime();
    private long lastDraw;
    private int drawnLength;

    ProgressBar(PrintStream out, int epochs, int batchSize) {
        this.out = out;
        this.epochs = epochs;
        this.batchSize = batchSize;
    }

    /** Marks the start of the next epoch (the trainer starts it right after reporting the previous one). */
    void restart() {
        epochStart = System.nanoTime();
        lastDraw = 0;
    }

    void update(int epoch, int done, int total) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        double seconds = (now - epochStart) / 1e9;
        int filled = (int) ((long) WIDTH * done / total);
        String line = String.format(Locale.ROOT, "Epoch %03d/%03d [%s%s] %d/%d batches | %,.0f samples/s | ETA %s",
                epoch, epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total,
                done * (double) batchSize / seconds, eta(seconds / done * (total - done)));
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }

    /** Blanks the bar so the next line starts clean. */
    void clear() {
        if (drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            drawnLength = 0;
        }
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
