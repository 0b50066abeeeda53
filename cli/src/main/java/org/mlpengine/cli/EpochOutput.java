package org.mlpengine.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.train.Metrics;

/**
 * What {@code train} prints on stdout: the seed's epoch lines (with a progress bar on a terminal),
 * only the final test accuracy ({@code --quiet}), or one JSON object per line ({@code --json}).
 */
final class EpochOutput {
    enum Mode { PLAIN, QUIET, JSON }

    private final PrintStream out;
    private final Mode mode;
    private final int epochs;
    private final ProgressBar bar;

    EpochOutput(PrintStream out, Mode mode, int epochs, int batchSize, boolean terminal) {
        this.out = out;
        this.mode = mode;
        this.epochs = epochs;
        this.bar = mode == Mode.PLAIN && terminal ? new ProgressBar(out, epochs, batchSize) : null;
    }

    /** A line of context (backend, network, files); printed only in plain mode. */
    void info(String line) {
        if (mode == Mode.PLAIN) {
            out.println(line);
        }
    }

    void trainingStarts() {
        if (bar != null) {
            bar.restart();
        }
    }

    void progress(int epoch, int done, int total) {
        if (bar != null) {
            bar.update(epoch, done, total);
        }
    }

    void epoch(EpochResult r) {
        if (bar != null) {
            bar.clear();
            bar.restart();
        }
        if (mode == Mode.PLAIN) {
            out.println(epochLine(r, epochs));
        } else if (mode == Mode.JSON) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "epoch");
            o.put("epoch", r.epoch());
            o.put("epochs", epochs);
            o.put("trainMse", r.trainMse());
            o.put("trainAccuracy", r.trainAccuracy());
            o.put("validMse", r.validMse());
            o.put("validAccuracy", r.validAccuracy());
            o.put("trainSeconds", r.trainSeconds());
            o.put("epochSeconds", r.epochSeconds());
            o.put("samplesPerSecond", r.samplesPerSecond());
            out.println(Json.COMPACT.toJson(o));
        }
    }

    /** The final result: the test accuracy line, or a JSON object of type "result". */
    void result(Metrics test, Map<String, Object> extra) {
        if (mode == Mode.JSON) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "result");
            o.put("testMse", test.mse());
            o.put("testAccuracy", test.accuracy());
            o.putAll(extra);
            out.println(Json.COMPACT.toJson(o));
        } else {
            out.printf(Locale.ROOT, "Test accuracy: %.2f%%%n", test.accuracy() * 100);
        }
    }

    /** The seed's epoch line, plus the epoch's wall time and training throughput. */
    static String epochLine(EpochResult r, int epochs) {
        return String.format(Locale.ROOT,
                "Epoch: %03d/%03d | Train MSE: %.2f | Train Acc: %.2f%% | Valid Acc: %.2f%% | %.3f s | %,.0f samples/s",
                r.epoch(), epochs, r.trainMse(), r.trainAccuracy() * 100, r.validAccuracy() * 100, r.epochSeconds(),
                r.samplesPerSecond());
    }
}
