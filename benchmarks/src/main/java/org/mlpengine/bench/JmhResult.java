package org.mlpengine.bench;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One benchmark result of JMH's JSON output ({@code -rf json}): which benchmark, its parameters, every
 * measured iteration's score, and the allocation per operation when {@code -prof gc} ran.
 *
 * @param benchmark  "Class.method", without the package
 * @param samples    every measurement iteration's score, all forks together
 * @param allocPerOp {@code gc.alloc.rate.norm} in bytes per operation, if measured
 */
record JmhResult(String benchmark, Map<String, String> params, String unit, double[] samples, OptionalDouble allocPerOp,
                 JsonObject settings) {

    static List<JmhResult> parse(Reader json) throws IOException {
        List<JmhResult> out = new ArrayList<>();
        JsonArray all = JsonParser.parseReader(json).getAsJsonArray();
        for (JsonElement e : all) {
            JsonObject o = e.getAsJsonObject();
            String full = o.get("benchmark").getAsString();
            String[] parts = full.split("\\.");
            String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new LinkedHashMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
            }
            JsonObject primary = o.getAsJsonObject("primaryMetric");
            List<Double> raw = new ArrayList<>();
            for (JsonElement fork : primary.getAsJsonArray("rawData")) {
                for (JsonElement v : fork.getAsJsonArray()) {
                    raw.add(v.getAsDouble());
                }
            }
            OptionalDouble alloc = OptionalDouble.empty();
            JsonObject secondary = o.has("secondaryMetrics") ? o.getAsJsonObject("secondaryMetrics") : new JsonObject();
            for (Map.Entry<String, JsonElement> m : secondary.entrySet()) {
                // JMH before 1.36 prefixed profiler metrics with a middle dot.
                if (m.getKey().replace("\u00b7", "").equals("gc.alloc.rate.norm")) {
                    alloc = OptionalDouble.of(medianOrScore(m.getValue().getAsJsonObject()));
                }
            }
            JsonObject settings = o.deepCopy();
            settings.remove("primaryMetric");
            settings.remove("secondaryMetrics");
            out.add(new JmhResult(name, params, primary.get("scoreUnit").getAsString(),
                    raw.stream().mapToDouble(Double::doubleValue).toArray(), alloc, settings));
        }
        return out;
    }

    String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(benchmark + " result has no parameter '" + name + "'");
        }
        return v;
    }

    /**
     * A secondary metric's median over its iterations, like the scores: JMH's own score is their mean, which
     * one iteration holding a JIT recompilation (thousands of bytes per op, boxed vectors in C1 code) pulls far
     * above what every other iteration allocates.
     */
    private static double medianOrScore(JsonObject metric) {
        List<Double> raw = new ArrayList<>();
        if (metric.has("rawData")) {
            for (JsonElement fork : metric.getAsJsonArray("rawData")) {
                for (JsonElement v : fork.getAsJsonArray()) {
                    raw.add(v.getAsDouble());
                }
            }
        }
        return raw.isEmpty() ? metric.get("score").getAsDouble() : median(raw.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Median of the iteration scores, in operations per second whatever JMH's unit. */
    double medianOpsPerSecond() {
        return opsPerSecond(median(samples));
    }

    double minOpsPerSecond() {
        return Arrays.stream(samples).map(this::opsPerSecond).min().orElse(Double.NaN);
    }

    double maxOpsPerSecond() {
        return Arrays.stream(samples).map(this::opsPerSecond).max().orElse(Double.NaN);
    }

    /** Converts one score in this result's unit ("ops/s", "ops/ms", "s/op", "us/op", ...) to operations per second. */
    double opsPerSecond(double score) {
        String[] u = unit.split("/");
        if (u.length != 2) {
            throw new IllegalArgumentException("unexpected JMH unit " + unit);
        }
        return u[0].equals("ops") ? score / seconds(u[1]) : 1 / (score * seconds(u[0]));
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unexpected JMH time unit " + unit);
        };
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
