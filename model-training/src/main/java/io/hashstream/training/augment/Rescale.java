package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Downscale then upscale back to the original size: the detail lost by a thumbnail re-posted large. */
public record Rescale(double minScale, double maxScale) implements Augmentation {
    public Rescale {
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("need 0 < minScale <= maxScale <= 1");
        }
    }

    public static Rescale defaults() {
        return new Rescale(0.25, 0.75);
    }

    @Override
    public String name() {
        return "rescale";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        double s = Images.uniform(rnd, minScale, maxScale);
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage small = Images.resize(image, (int) Math.round(w * s), (int) Math.round(h * s));
        return Images.resize(small, w, h);
    }
}
