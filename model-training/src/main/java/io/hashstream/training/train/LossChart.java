package io.hashstream.training.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The loss curve (mean loss per log interval over steps) as a PNG. */
public final class LossChart {
    private LossChart() {
    }

    public static void write(Path png, String title, List<LogRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no log rows to plot");
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(0);
        double[] x = rows.stream().mapToDouble(LogRow::step).toArray();
        double[] y = rows.stream().mapToDouble(LogRow::loss).toArray();
        XYSeries s = chart.addSeries("loss", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        try {
            String name = png.toString();
            String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
