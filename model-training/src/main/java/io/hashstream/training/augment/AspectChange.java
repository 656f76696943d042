package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Stretches one axis by a factor in [1/maxStretch, maxStretch] (a careless resize to a fixed box). */
public record AspectChange(double maxStretch) implements Augmentation {
    public AspectChange {
        if (!(maxStretch >= 1)) {
            throw new IllegalArgumentException("maxStretch must be >= 1");
        }
    }

    public static AspectChange defaults() {
        return new AspectChange(1.5);
    }

    @Override
    public String name() {
        return "aspect";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        double f = Math.exp(Images.uniform(rnd, -Math.log(maxStretch), Math.log(maxStretch)));
        int w = image.getWidth();
        int h = image.getHeight();
        return rnd.nextBoolean() ? Images.resize(image, (int) Math.round(w * f), h)
                : Images.resize(image, w, (int) Math.round(h * f));
    }
}
