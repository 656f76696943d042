package io.hashstream.training.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Draws precision-recall curves over Hamming radius (one series per method) as a PNG. */
public final class PrecisionRecallChart {
    private PrecisionRecallChart() {}

    /** Writes the PNG; radii where precision is undefined (nothing retrieved) are left out. */
    public static void writePng(Path png, String title, Map<String, PrecisionRecallCurve> curves) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(600).title(title)
                .xAxisTitle("recall").yAxisTitle("precision").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        for (Map.Entry<String, PrecisionRecallCurve> e : curves.entrySet()) {
            PrecisionRecallCurve c = e.getValue();
            List<Double> recall = new ArrayList<>();
            List<Double> precision = new ArrayList<>();
            for (int r = 0; r < c.points(); r++) {
                if (!Double.isNaN(c.precision()[r])) {
                    recall.add(c.recall()[r]);
                    precision.add(c.precision()[r]);
                }
            }
            if (!recall.isEmpty()) {
                chart.addSeries(e.getKey(), recall, precision).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
