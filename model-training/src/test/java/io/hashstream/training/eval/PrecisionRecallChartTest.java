package io.hashstream.training.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrecisionRecallChartTest {

    @Test
    void writesAReadablePng(@TempDir Path dir) throws Exception {
        PrecisionRecallCurve curve = PrecisionRecallCurve.fromDistanceHistograms(
                new long[] {0, 2, 2, 1}, new long[] {0, 1, 1, 1}, 3);
        Map<String, PrecisionRecallCurve> curves = new LinkedHashMap<>();
        curves.put("LSH-8", curve);
        Path png = dir.resolve("sub/pr.png");

        PrecisionRecallChart.writePng(png, "PR over Hamming radius", curves);

        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(600);
    }
}
