package org.mlpengine.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Validation accuracy against each swept value: one PNG per option that takes more than one value, every finished
 * run as a point and the mean over the other options as a line.
 */
final class SweepPlots {
    private static final Map<String, ToDoubleFunction<Setting>> SWEPT = Map.of(
            "learning-rate", Setting::learningRate, "hidden", Setting::hidden, "batch-size", Setting::batchSize,
            "epochs", Setting::epochs, "seed", s -> s.seed());

    private SweepPlots() {
    }

    static void write(List<SweepResult> results, Path out, List<String> written) throws IOException {
        List<SweepResult> done = results.stream().filter(SweepResult::ok).toList();
        for (String name : new TreeMap<>(SWEPT).keySet()) {
            ToDoubleFunction<Setting> value = SWEPT.get(name);
            if (done.stream().mapToDouble(r -> value.applyAsDouble(r.setting())).distinct().count() < 2) {
                continue;
            }
            String file = "valid-accuracy-vs-" + name + ".png";
            BitmapEncoder.saveBitmap(chart(done, name, value), out.resolve(file).toString(),
                    BitmapEncoder.BitmapFormat.PNG);
            written.add(file);
        }
    }

    private static XYChart chart(List<SweepResult> done, String name, ToDoubleFunction<Setting> value) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Validation accuracy by " + name)
                .xAxisTitle(name).yAxisTitle("Validation accuracy (%)").build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(java.awt.Color.WHITE);
        s.setPlotBackgroundColor(java.awt.Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendPosition(Styler.LegendPosition.InsideSE);
        s.setDecimalPattern("#0.###");
        double[] x = done.stream().mapToDouble(r -> value.applyAsDouble(r.setting())).toArray();
        double[] y = done.stream().mapToDouble(r -> r.validAccuracy() * 100).toArray();
        XYSeries runs = chart.addSeries("runs", x, y);
        runs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        TreeMap<Double, double[]> sums = new TreeMap<>();
        for (int i = 0; i < x.length; i++) {
            double[] acc = sums.computeIfAbsent(x[i], k -> new double[2]);
            acc[0] += y[i];
            acc[1]++;
        }
        XYSeries mean = chart.addSeries("mean", sums.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                sums.values().stream().mapToDouble(a -> a[0] / a[1]).toArray());
        mean.setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
