package io.hashstream.training.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Small helpers shared by the augmentations: opaque RGB copies and high-quality resizing. */
public final class Images {
    private Images() {}

    /** An opaque RGB copy; transparent pixels are composed over white, as the preprocessing does. */
    public static BufferedImage toRgb(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * Resizes to {@code w} × {@code h}: bilinear in halving steps when shrinking (so no source pixel is
     * skipped), bilinear when enlarging.
     */
    public static BufferedImage resize(BufferedImage src, int w, int h) {
        w = Math.max(1, w);
        h = Math.max(1, h);
        BufferedImage cur = src.getType() == BufferedImage.TYPE_INT_RGB ? src : toRgb(src);
        while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
            cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        return cur.getWidth() == w && cur.getHeight() == h && cur != src ? cur : draw(cur, w, h);
    }

    /** Fits the image inside {@code max} × {@code max}, keeping its aspect ratio (never enlarges). */
    public static BufferedImage fit(BufferedImage src, int max) {
        int w = src.getWidth();
        int h = src.getHeight();
        if (w <= max && h <= max) {
            return src.getType() == BufferedImage.TYPE_INT_RGB ? src : toRgb(src);
        }
        double s = (double) max / Math.max(w, h);
        return resize(src, (int) Math.round(w * s), (int) Math.round(h * s));
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    static int clamp(double v) {
        int i = (int) Math.round(v);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    static double uniform(Random rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }
}
