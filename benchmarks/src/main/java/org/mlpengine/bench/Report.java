package org.mlpengine.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns JMH JSON results of this suite into {@code report.md} and PNG charts in one folder.
 *
 * <pre>java -cp benchmarks.jar org.mlpengine.bench.Report OUT_DIR RESULT.json [MORE.json ...]</pre>
 *
 * Every figure is the median of the measured iterations; the range is their minimum and maximum.
 * GFLOP/s and GB/s come from the time per call and {@link GemmShape#flops()} / {@link StreamOp#bytes}.
 */
public final class Report {
    static final String EPOCH_CHART = "epoch-throughput.png";
    static final String GEMM_CHART = "gemm.png";
    static final String STREAM_CHART = "memory-bound-ops.png";

    private static final List<String> BACKEND_ORDER = List.of("cpu", "opencl", "cuda");

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report OUT_DIR RESULT.json [MORE.json ...]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        List<JmhResult> results = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path json = Path.of(args[i]);
            try (Reader r = Files.newBufferedReader(json)) {
                results.addAll(JmhResult.parse(r));
            }
            String name = json.getFileName().toString();
            sources.add(out.toAbsolutePath().equals(json.toAbsolutePath().getParent())
                    ? "[" + name + "](" + name + ")" : json.toString());
        }
        String when = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
        Files.writeString(out.resolve("report.md"), markdown(results, Machine.describe(), when, sources));
        writeCharts(results, out);
        System.out.println("wrote " + out.resolve("report.md"));
    }

    // ---------------------------------------------------------------- Markdown

    static String markdown(List<JmhResult> results, List<String> machine, String when, List<String> sources) {
        StringBuilder md = new StringBuilder();
        md.append("# mlp-engine benchmarks\n\n").append(when).append(". Medians of the measured iterations; ")
                .append("raw JMH results: ").append(String.join(", ", sources)).append(".\n\n");
        md.append("## Machine\n\n");
        machine.forEach(l -> md.append("- ").append(l).append('\n'));

        trainingThroughput(md, results);
        seedEpoch(md, results);
        gemm(md, results);
        memoryBoundOps(md, results);
        howItRan(md, results);
        return md.toString();
    }

    /** The EpochThroughput section, where it ran. */
    private static void trainingThroughput(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> epochs = select(results, "EpochThroughput.trainingPass", Comparator
                .comparing((JmhResult r) -> backendRank(r.param("backend")))
                .thenComparingInt(r -> Integer.parseInt(r.param("batchSize")))
                .thenComparingInt(r -> Integer.parseInt(r.param("hidden"))));
        if (!epochs.isEmpty()) {
            md.append("\n## Training throughput\n\nOne training pass (every minibatch step, no evaluation) over ")
                    .append(String.format(Locale.ROOT, "%,d", SyntheticMnist.TRAIN_ROWS))
                    .append(" MNIST-shaped samples, 784-hidden-10, through the trainer. ")
                    .append("Allocation per step is JMH's gc.alloc.rate.norm (-prof gc) per sample times the batch size.\n\n");
            md.append("| backend | batch | hidden | samples/s | range | training pass | allocation per step |\n");
            md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (JmhResult r : epochs) {
                double sps = r.medianOpsPerSecond();
                int batch = Integer.parseInt(r.param("batchSize"));
                md.append(row(r.param("backend"), String.valueOf(batch), r.param("hidden"), number(sps),
                        number(r.minOpsPerSecond()) + " to " + number(r.maxOpsPerSecond()),
                        seconds(SyntheticMnist.TRAIN_ROWS / sps),
                        r.allocPerOp().isPresent() ? bytes(r.allocPerOp().getAsDouble() * batch) : "not measured"));
            }
            md.append("\n![samples per second](").append(EPOCH_CHART).append(")\n");
        }
    }

    /** The SeedEpoch section, where it ran. */
    private static void seedEpoch(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> seed = select(results, "SeedEpoch.fullEpoch",
                Comparator.comparing((JmhResult r) -> backendRank(r.param("backend"))));
        if (!seed.isEmpty()) {
            md.append("\n## Seed epoch\n\nThe seed's epoch (784-50-10, batch 100): training pass plus the train and ")
                    .append("validation evaluation passes, on 55,000 / 5,000 MNIST-shaped samples.\n\n");
            md.append("| backend | seconds per epoch | range | allocation per epoch |\n| --- | ---: | ---: | ---: |\n");
            for (JmhResult r : seed) {
                md.append(row(r.param("backend"), seconds(1 / r.medianOpsPerSecond()),
                        seconds(1 / r.maxOpsPerSecond()) + " to " + seconds(1 / r.minOpsPerSecond()), alloc(r)));
            }
        }
    }

    /** The GemmRate section, where it ran. */
    private static void gemm(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> gemms = select(results, "GemmRate.gemm", Comparator
                .comparing((JmhResult r) -> GemmShape.valueOf(r.param("shape")))
                .thenComparing(r -> backendRank(r.param("backend"))));
        if (!gemms.isEmpty()) {
            md.append("\n## GEMM\n\nOne `gemm` call, waited for; GFLOP/s counts 2 m n k.\n\n");
            md.append("| shape | operands | backend | GFLOP/s | range | time per call | allocation per call |\n");
            md.append("| --- | --- | --- | ---: | ---: | ---: | ---: |\n");
            for (JmhResult r : gemms) {
                GemmShape s = GemmShape.valueOf(r.param("shape"));
                double g = s.flops() / 1e9;
                md.append(row(s.name(), s.describe(), r.param("backend"), rate(g * r.medianOpsPerSecond()),
                        rate(g * r.minOpsPerSecond()) + " to " + rate(g * r.maxOpsPerSecond()),
                        seconds(1 / r.medianOpsPerSecond()), alloc(r)));
            }
            md.append("\n![GEMM GFLOP/s](").append(GEMM_CHART).append(")\n");
        }
    }

    /** The StreamRate section, where it ran. */
    private static void memoryBoundOps(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> streams = select(results, "StreamRate.run", Comparator
                .comparing((JmhResult r) -> StreamOp.valueOf(r.param("op")))
                .thenComparing(r -> StreamOp.Size.valueOf(r.param("size")))
                .thenComparing(r -> backendRank(r.param("backend"))));
        if (!streams.isEmpty()) {
            md.append("\n## Memory-bound ops\n\nOne call, waited for; GB/s counts the bytes the op must read and write.\n\n");
            md.append("| op | shape | backend | GB/s | range | time per call | allocation per call |\n");
            md.append("| --- | --- | --- | ---: | ---: | ---: | ---: |\n");
            for (JmhResult r : streams) {
                StreamOp op = StreamOp.valueOf(r.param("op"));
                StreamOp.Size size = StreamOp.Size.valueOf(r.param("size"));
                double gb = op.bytes(size) / 1e9;
                md.append(row(op.name(), op.rows(size) + "x" + op.cols(size) + " (" + size.name().toLowerCase(Locale.ROOT)
                                + ")", r.param("backend"), rate(gb * r.medianOpsPerSecond()),
                        rate(gb * r.minOpsPerSecond()) + " to " + rate(gb * r.maxOpsPerSecond()),
                        seconds(1 / r.medianOpsPerSecond()), alloc(r)));
            }
            md.append("\n![GB/s](").append(STREAM_CHART).append(")\n");
        }
    }

    /** One line per benchmark and settings: runs merged from several JMH invocations may differ. */
    private static void howItRan(StringBuilder md, List<JmhResult> results) {
        md.append("\n## How it ran\n\n");
        Map<String, Set<String>> backendsPerRun = new LinkedHashMap<>();
        for (JmhResult r : results) {
            backendsPerRun.computeIfAbsent(r.benchmark() + ": " + settings(r), k -> new LinkedHashSet<>())
                    .add(r.params().getOrDefault("backend", "?"));
        }
        backendsPerRun.forEach((run, backends) -> md.append("- ").append(run).append(" (")
                .append(String.join(", ", backends)).append(")\n"));
    }

    private static List<JmhResult> select(List<JmhResult> results, String benchmark, Comparator<JmhResult> order) {
        return results.stream().filter(r -> r.benchmark().equals(benchmark)).sorted(order).toList();
    }

    private static String settings(JmhResult r) {
        var s = r.settings();
        return String.format(Locale.ROOT, "JMH %s, %s %s, %s fork(s), warmup %s x %s, measurement %s x %s, JVM args %s",
                s.get("jmhVersion").getAsString(), s.get("vmName").getAsString(), s.get("jdkVersion").getAsString(),
                s.get("forks").getAsString(), s.get("warmupIterations").getAsString(), s.get("warmupTime").getAsString(),
                s.get("measurementIterations").getAsString(), s.get("measurementTime").getAsString(),
                s.get("jvmArgs").toString());
    }

    private static int backendRank(String backend) {
        int i = BACKEND_ORDER.indexOf(backend);
        return i >= 0 ? i : BACKEND_ORDER.size();
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String alloc(JmhResult r) {
        return r.allocPerOp().isPresent() ? bytes(r.allocPerOp().getAsDouble()) : "not measured";
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String rate(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    static String seconds(double s) {
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.2f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.1f us", s * 1e6);
    }

    static String bytes(double b) {
        if (b < 1) {
            return "0 B";
        }
        return b < 10_000 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, "%,.0f KB", b / 1e3);
    }

    // ---------------------------------------------------------------- charts

    static void writeCharts(List<JmhResult> results, Path dir) throws IOException {
        chart(results, "EpochThroughput.trainingPass", "Training throughput (samples/s, log scale)", "samples/s",
                r -> "batch " + r.param("batchSize") + ", hidden " + r.param("hidden"), JmhResult::medianOpsPerSecond,
                dir.resolve(EPOCH_CHART));
        chart(results, "GemmRate.gemm", "GEMM (GFLOP/s, log scale)", "GFLOP/s", r -> r.param("shape"),
                r -> GemmShape.valueOf(r.param("shape")).flops() / 1e9 * r.medianOpsPerSecond(), dir.resolve(GEMM_CHART));
        chart(results, "StreamRate.run", "Memory-bound ops (GB/s, log scale)", "GB/s",
                r -> r.param("op") + " " + r.param("size"),
                r -> StreamOp.valueOf(r.param("op")).bytes(StreamOp.Size.valueOf(r.param("size"))) / 1e9
                        * r.medianOpsPerSecond(), dir.resolve(STREAM_CHART));
    }

    /** A grouped bar chart: one group per category, one bar per backend; nothing is written without results. */
    private static void chart(List<JmhResult> all, String benchmark, String title, String yTitle,
                              Function<JmhResult, String> category, ToDoubleFunction<JmhResult> value, Path file)
            throws IOException {
        List<JmhResult> rs = all.stream().filter(r -> r.benchmark().equals(benchmark)).toList();
        if (rs.isEmpty()) {
            return;
        }
        Set<String> categories = rs.stream().map(category).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> backends = rs.stream().map(r -> r.param("backend")).distinct()
                .sorted(Comparator.comparingInt(Report::backendRank)).toList();
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(520).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(true);
        // Bars start at the axis minimum, which a log axis must have above zero: the decade below the smallest value.
        double min = rs.stream().mapToDouble(value).filter(v -> v > 0).min().orElse(1);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern(min >= 10 ? "#,##0" : "#,##0.##");
        chart.getStyler().setXAxisLabelRotation(categories.size() > 4 ? 20 : 0);
        for (String b : backends) {
            List<Double> ys = new ArrayList<>();
            for (String c : categories) {
                ys.add(rs.stream().filter(r -> r.param("backend").equals(b) && category.apply(r).equals(c))
                        .mapToDouble(value).boxed().findFirst().orElse(null));
            }
            chart.addSeries(b, new ArrayList<>(categories), ys);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
