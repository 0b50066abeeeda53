package org.mlpengine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.RandomScheme;
import org.mlpengine.core.model.io.AtomicFiles;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.TrainingConfig;

/**
 * A finished run, written into its folder as {@code run.json} (for scripts) and {@code report.md} (for
 * people, with the figures embedded).
 */
record RunReport(Command command, TrainingConfig config, DataUsed data, List<EpochResult> history, Metrics test,
                 Outputs outputs, Instant started, Instant finished) {
    /** How the run was started: its arguments, where it ran, and whether it continued a checkpoint. */
    record Command(List<String> args, String backend, String device, String resumedFrom, int checkpointEvery) {
    }

    /** The data trained on: its folder ("(cache)" for the cache), fingerprint and split sizes. */
    record DataUsed(String dir, String fingerprint, int train, int valid, int test) {
    }

    /** The files the run wrote besides the report: the model, the NumPy export (or null), the figures. */
    record Outputs(String model, String npz, List<String> figures) {
    }

    static final String JSON = "run.json";
    static final String MARKDOWN = "report.md";

    void write(Path dir) {
        write(dir.resolve(JSON), Json.PRETTY.toJson(json()) + "\n");
        write(dir.resolve(MARKDOWN), markdown());
    }

    private Map<String, Object> json() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("layers", config.sizes());
        settings.put("activation", "sigmoid");
        settings.put("loss", "mse");
        settings.put("batchSize", config.batchSize());
        settings.put("learningRate", config.learningRate());
        settings.put("epochs", config.epochs());
        settings.put("seed", config.seed());
        settings.put("randomScheme", config.randomScheme().id());
        settings.put("checkpointEvery", command.checkpointEvery());
        settings.put("resumedFrom", command.resumedFrom());
        Map<String, Object> dataJson = new LinkedHashMap<>();
        dataJson.put("dir", data.dir());
        dataJson.put("fingerprint", data.fingerprint());
        dataJson.put("train", data.train());
        dataJson.put("valid", data.valid());
        dataJson.put("test", data.test());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("command", command.args());
        o.put("backend", ordered("name", command.backend(), "device", command.device()));
        o.put("settings", settings);
        o.put("data", dataJson);
        o.put("epochs", history);
        o.put("test", ordered("mse", test.mse(), "accuracy", test.accuracy()));
        o.put("model", outputs.model());
        o.put("npz", outputs.npz());
        o.put("figures", outputs.figures());
        o.put("versions", Versions.all());
        o.put("startedAt", started.toString());
        o.put("finishedAt", finished.toString());
        o.put("wallSeconds", Duration.between(started, finished).toMillis() / 1000.0);
        return o;
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Training run ").append(started).append("\n\n");
        md.append(String.format(Locale.ROOT, "**Test accuracy: %.2f%%** (test MSE %.4f) after %d epochs.%n%n",
                test.accuracy() * 100, test.mse(), history.isEmpty() ? 0 : history.get(history.size() - 1).epoch()));
        md.append("| setting | value |\n| --- | --- |\n");
        row(md, "network", Arrays.toString(config.sizes()) + ", sigmoid, MSE loss");
        row(md, "minibatch SGD", "batch " + config.batchSize() + ", learning rate " + config.learningRate() + ", "
                + config.epochs() + " epochs, seed " + config.seed()
                + (config.randomScheme() == RandomScheme.NUMPY ? " (NumPy's generators and scikit-learn's split)" : ""));
        row(md, "data", data.train() + " train / " + data.valid() + " validation / " + data.test() + " test ("
                + data.dir() + ")");
        row(md, "backend", command.backend() + " " + command.device());
        if (command.resumedFrom() != null) {
            row(md, "resumed from", command.resumedFrom());
        }
        if (!history.isEmpty()) {
            row(md, "median epoch", String.format(Locale.ROOT, "%.3f s",
                    TrainCommand.median(history.stream().mapToDouble(EpochResult::epochSeconds).toArray())));
        }
        row(md, "model", outputs.model());
        row(md, "engine", Versions.engine() + ", Java " + System.getProperty("java.version"));
        md.append('\n');
        String[][] captions = {
                {Figures.MSE, "Training MSE per epoch"},
                {Figures.ACCURACY, "Training and validation accuracy per epoch"},
                {Figures.DIGITS, "The first example of each digit"},
                {Figures.MISCLASSIFIED, "Misclassified images among the first 1000 test images"}};
        for (String[] c : captions) {
            if (outputs.figures().contains(c[0])) {
                md.append("## ").append(c[1]).append("\n\n![").append(c[1]).append("](").append(c[0]).append(")\n\n");
            }
        }
        if (!history.isEmpty()) {
            md.append("## Epochs\n\n```\n");
            for (EpochResult r : history) {
                md.append(EpochOutput.epochLine(r, config.epochs())).append('\n');
            }
            md.append("```\n");
        }
        return md.toString();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static void write(Path file, String text) {
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
