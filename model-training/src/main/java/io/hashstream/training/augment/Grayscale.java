package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Grayscale with the luminance weights the preprocessing uses (0.299 R + 0.587 G + 0.114 B), kept as RGB. */
public record Grayscale() implements Augmentation {
    @Override
    public String name() {
        return "grayscale";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        BufferedImage rgb = Images.toRgb(image);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int y = Images.clamp(0.299 * ((p >>> 16) & 0xFF) + 0.587 * ((p >>> 8) & 0xFF) + 0.114 * (p & 0xFF));
            px[i] = y << 16 | y << 8 | y;
        }
        rgb.setRGB(0, 0, w, h, px, 0, w);
        return rgb;
    }
}
