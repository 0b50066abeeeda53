package org.mlpengine.cli;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mlpengine.core.model.EpochResult;

/** The book's two training curves (figures 11.7 and 11.8) drawn with XChart. */
final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private Charts() {
    }

    /** Training MSE per epoch. */
    static BufferedImage mse(List<EpochResult> history) {
        XYChart chart = chart("Training loss", "Mean squared error");
        chart.getStyler().setLegendVisible(false);
        line(chart, "Training", epochs(history), history.stream().mapToDouble(EpochResult::trainMse).toArray(),
                new Color(31, 119, 180));
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Training and validation accuracy (%) per epoch, legend at the lower right as in the book. */
    static BufferedImage accuracy(List<EpochResult> history) {
        XYChart chart = chart("Accuracy", "Accuracy (%)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double[] x = epochs(history);
        line(chart, "Training", x, history.stream().mapToDouble(r -> r.trainAccuracy() * 100).toArray(),
                new Color(31, 119, 180));
        line(chart, "Validation", x, history.stream().mapToDouble(r -> r.validAccuracy() * 100).toArray(),
                new Color(255, 127, 14));
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("Epoch")
                .yAxisTitle(yTitle).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        chart.getStyler().setDecimalPattern("#0.###");
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
    }

    private static double[] epochs(List<EpochResult> history) {
        return history.stream().mapToDouble(EpochResult::epoch).toArray();
    }
}
