package io.hashstream.training.neardup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Recall (all edit families) against false-positive rate over Hamming radius, log FPR axis, one series per encoder. */
public final class RecallFprChart {
    private RecallFprChart() {}

    public static void writePng(Path png, String title, Map<String, NearDupScores> scores) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle("false-positive rate (pairs of different sources)").yAxisTitle("recall").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        for (Map.Entry<String, NearDupScores> e : scores.entrySet()) {
            DistanceHistogram neg = e.getValue().allNegatives();
            DistanceHistogram pos = e.getValue().allPositives();
            List<Double> fpr = new ArrayList<>();
            List<Double> recall = new ArrayList<>();
            for (int r = 0; r <= neg.maxDistance(); r++) {
                double f = neg.rateAtOrBelow(r);
                if (f > 0) { // log axis: radii with no false positive at all have no point
                    fpr.add(f);
                    recall.add(pos.rateAtOrBelow(r));
                }
                if (f >= 0.5) {
                    break;
                }
            }
            if (!fpr.isEmpty()) {
                chart.addSeries(e.getKey(), fpr, recall).setMarker(SeriesMarkers.CIRCLE);
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
