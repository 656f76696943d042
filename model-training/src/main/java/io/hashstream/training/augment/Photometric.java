package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Brightness, contrast and gamma, drawn independently: v' = 255·((c·(v/255 − ½) + ½ + b)^γ), clamped.
 * Brightness shift b in ±{@code maxBrightness}, contrast c in [1 − maxContrast, 1 + maxContrast], γ in
 * [1/maxGamma, maxGamma].
 */
public record Photometric(double maxBrightness, double maxContrast, double maxGamma) implements Augmentation {
    public Photometric {
        if (!(maxBrightness >= 0 && maxContrast >= 0 && maxContrast < 1 && maxGamma >= 1)) {
            throw new IllegalArgumentException("bad photometric ranges");
        }
    }

    public static Photometric defaults() {
        return new Photometric(0.2, 0.35, 1.6);
    }

    @Override
    public String name() {
        return "photometric";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        double b = Images.uniform(rnd, -maxBrightness, maxBrightness);
        double c = Images.uniform(rnd, 1 - maxContrast, 1 + maxContrast);
        double g = Math.exp(Images.uniform(rnd, -Math.log(maxGamma), Math.log(maxGamma)));
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            double x = Math.max(0, Math.min(1, c * (v / 255.0 - 0.5) + 0.5 + b));
            lut[v] = Images.clamp(255 * Math.pow(x, g));
        }
        return LookupTables.apply(Images.toRgb(image), lut);
    }
}
