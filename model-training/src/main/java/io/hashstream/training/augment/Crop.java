package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Crops away up to {@code maxRemoved} of each dimension, placing the kept window anywhere (off-centre
 * crops are what screenshots and re-framing produce). The result keeps the cropped size.
 */
public record Crop(double maxRemoved) implements Augmentation {
    public Crop {
        if (!(maxRemoved >= 0 && maxRemoved < 1)) {
            throw new IllegalArgumentException("maxRemoved must be in [0, 1)");
        }
    }

    public static Crop defaults() {
        return new Crop(0.30);
    }

    @Override
    public String name() {
        return "crop";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        int w = image.getWidth();
        int h = image.getHeight();
        int cw = Math.max(1, (int) Math.round(w * (1 - rnd.nextDouble() * maxRemoved)));
        int ch = Math.max(1, (int) Math.round(h * (1 - rnd.nextDouble() * maxRemoved)));
        int x = rnd.nextInt(w - cw + 1);
        int y = rnd.nextInt(h - ch + 1);
        return Images.toRgb(image.getSubimage(x, y, cw, ch));
    }
}
