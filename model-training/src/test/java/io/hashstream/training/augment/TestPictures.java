package io.hashstream.training.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Generated test pictures: coloured shapes on a gradient, different for every seed. */
public final class TestPictures {
    private TestPictures() {}

    public static BufferedImage picture(long seed, int w, int h) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Color a = new Color(rnd.nextInt(0x1000000));
        Color b = new Color(rnd.nextInt(0x1000000));
        g.setPaint(new java.awt.GradientPaint(0, 0, a, w, h, b));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(rnd.nextInt(0x1000000)));
            int x = rnd.nextInt(w);
            int y = rnd.nextInt(h);
            int s = w / 8 + rnd.nextInt(w / 3);
            if (rnd.nextBoolean()) {
                g.fillOval(x - s / 2, y - s / 2, s, s);
            } else {
                g.fillRect(x - s / 2, y - s / 2, s, s / 2 + 1);
            }
        }
        g.dispose();
        return img;
    }

    /** Mean absolute difference per sample of two same-sized images, in 8-bit levels. */
    public static double meanAbsDiff(BufferedImage p, BufferedImage q) {
        int w = p.getWidth();
        int h = p.getHeight();
        if (q.getWidth() != w || q.getHeight() != h) {
            throw new IllegalArgumentException("sizes differ");
        }
        long sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = p.getRGB(x, y);
                int b = q.getRGB(x, y);
                for (int s = 0; s <= 16; s += 8) {
                    sum += Math.abs(((a >>> s) & 0xFF) - ((b >>> s) & 0xFF));
                }
            }
        }
        return sum / (3.0 * w * h);
    }
}
