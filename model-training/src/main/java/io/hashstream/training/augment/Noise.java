package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Additive Gaussian noise per sample with standard deviation in [0, maxSigma] 8-bit levels. */
public record Noise(double maxSigma) implements Augmentation {
    public Noise {
        if (!(maxSigma > 0)) {
            throw new IllegalArgumentException("maxSigma must be > 0");
        }
    }

    public static Noise defaults() {
        return new Noise(20);
    }

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        double sigma = Images.uniform(rnd, 0.25 * maxSigma, maxSigma);
        BufferedImage rgb = Images.toRgb(image);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int r = Images.clamp(((p >>> 16) & 0xFF) + sigma * rnd.nextGaussian());
            int g = Images.clamp(((p >>> 8) & 0xFF) + sigma * rnd.nextGaussian());
            int b = Images.clamp((p & 0xFF) + sigma * rnd.nextGaussian());
            px[i] = r << 16 | g << 8 | b;
        }
        rgb.setRGB(0, 0, w, h, px, 0, w);
        return rgb;
    }
}
