package org.mlpengine.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.google.gson.GsonBuilder;
import org.mlpengine.cli.BestEffortFigures;

/** A sweep's outputs: results.md, results.csv, one folder per setting (run.json, model.mlpm) and the plots. */
final class SweepReport {
    private static final String[] COLUMNS = {"learning rate", "hidden", "batch", "epochs", "seed", "valid acc %",
        "valid MSE", "test acc %", "test MSE", "seconds", "backend", "device", "host", "status"};

    private final List<SweepResult> results;
    private final SweepSpec spec;
    private final String master;
    private final double seconds;

    SweepReport(List<SweepResult> results, SweepSpec spec, String master, double seconds) {
        this.results = results;
        this.spec = spec;
        this.master = master;
        this.seconds = seconds;
    }

    /** Writes everything under {@code out}; returns the top-level file names written. */
    List<String> write(Path out, boolean figures) {
        List<String> written = new ArrayList<>();
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("results.md"), markdown());
            written.add("results.md");
            Files.writeString(out.resolve("results.csv"), csv());
            written.add("results.csv");
            for (SweepResult r : results) {
                Path dir = Files.createDirectories(out.resolve(r.setting().slug()));
                Files.writeString(dir.resolve("run.json"), runJson(r));
                if (r.ok()) {
                    Files.write(dir.resolve("model.mlpm"), r.modelFile());
                }
            }
            written.add(results.size() + " run folders");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + out + ": " + e.getMessage(), e);
        }
        if (figures) {
            written.addAll(BestEffortFigures.draw(w -> SweepPlots.write(results, out, w), System.err, ""));
        }
        return written;
    }

    /** The Markdown table, as printed at the end of a sweep. */
    String table() {
        StringBuilder sb = new StringBuilder("| # | " + String.join(" | ", COLUMNS) + " |\n|---");
        sb.append("|---".repeat(COLUMNS.length)).append("|\n");
        for (int i = 0; i < results.size(); i++) {
            sb.append("| ").append(i + 1).append(" | ").append(String.join(" | ", row(results.get(i)))).append(" |\n");
        }
        return sb.toString();
    }

    private String markdown() {
        return "# Sweep\n\n" + String.format(Locale.ROOT, "%d settings on `%s`, backend `%s`, data %s, split "
                + "%d test / %d validation, %.1f s in all (%s).%n%n", results.size(), master,
                spec.device().backend(), spec.data().describe(), spec.splitTest(), spec.splitValid(), seconds,
                Instant.now()) + table();
    }

    private String csv() {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS).replace(' ', '_').replace("%", "pct"))
                .append(",error\n");
        for (SweepResult r : results) {
            List<String> cells = new ArrayList<>(row(r));
            cells.add(r.error() == null ? "" : '"' + r.error().replace("\"", "\"\"") + '"');
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    private static List<String> row(SweepResult r) {
        Setting s = r.setting();
        return List.of(String.valueOf(s.learningRate()), String.valueOf(s.hidden()), String.valueOf(s.batchSize()),
                String.valueOf(s.epochs()), String.valueOf(s.seed()), percent(r.validAccuracy()), number(r.validMse()),
                percent(r.testAccuracy()), number(r.testMse()), String.format(Locale.ROOT, "%.2f", r.seconds()),
                r.backend(), shortDevice(r.device()), r.host(), r.status());
    }

    /** "[0] AMD EPYC" of "[0] AMD EPYC (2 cores; ...)": the full description is in run.json. */
    private static String shortDevice(String device) {
        int paren = device.indexOf(" (");
        return (paren < 0 ? device : device.substring(0, paren)).replace('|', '/').replace(',', ';');
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%.2f", fraction * 100);
    }

    private static String number(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.5f", x);
    }

    private String runJson(SweepResult r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("setting", r.setting());
        json.put("status", r.status());
        if (r.error() != null) {
            json.put("error", r.error());
        }
        json.put("backend", r.backend());
        json.put("device", r.device());
        json.put("host", r.host());
        json.put("seconds", r.seconds());
        json.put("data", spec.data().describe());
        json.put("split", Map.of("test", spec.splitTest(), "valid", spec.splitValid()));
        json.put("randomScheme", spec.numpyCompat() ? "numpy" : "engine");
        json.put("master", master);
        json.put("history", r.history());
        if (r.ok()) {
            json.put("valid", Map.of("mse", r.validMse(), "accuracy", r.validAccuracy()));
            json.put("test", Map.of("mse", r.testMse(), "accuracy", r.testAccuracy()));
        }
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json) + "\n";
    }
}
