package io.hashstream.training.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/** A small rotation by up to ±{@code maxDegrees} about the centre, same canvas, corners filled white. */
public record Rotate(double maxDegrees) implements Augmentation {
    public Rotate {
        if (!(maxDegrees >= 0 && maxDegrees <= 45)) {
            throw new IllegalArgumentException("maxDegrees must be in [0, 45]");
        }
    }

    public static Rotate defaults() {
        return new Rotate(10);
    }

    @Override
    public String name() {
        return "rotate";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        double deg = Images.uniform(rnd, -maxDegrees, maxDegrees);
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(deg), w / 2.0, h / 2.0);
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }
}
