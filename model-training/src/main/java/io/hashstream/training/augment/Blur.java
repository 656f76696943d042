package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Random;

/** Gaussian blur with σ drawn from [minSigma, maxSigma] pixels (relative to a 256-pixel side). */
public record Blur(double minSigma, double maxSigma) implements Augmentation {
    public Blur {
        if (!(minSigma > 0 && minSigma <= maxSigma)) {
            throw new IllegalArgumentException("need 0 < minSigma <= maxSigma");
        }
    }

    public static Blur defaults() {
        return new Blur(0.8, 3.0);
    }

    @Override
    public String name() {
        return "blur";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        double sigma = Images.uniform(rnd, minSigma, maxSigma) * Math.max(image.getWidth(), image.getHeight()) / 256.0;
        int r = Math.max(1, (int) Math.ceil(2.5 * sigma));
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        BufferedImage padded = Images.toRgb(image);
        // Separable: horizontal then vertical. EDGE_NO_OP leaves a border unblurred; small next to the picture.
        BufferedImage h = new ConvolveOp(new Kernel(k.length, 1, k), ConvolveOp.EDGE_NO_OP, null).filter(padded, null);
        return new ConvolveOp(new Kernel(1, k.length, k), ConvolveOp.EDGE_NO_OP, null).filter(h, null);
    }
}
