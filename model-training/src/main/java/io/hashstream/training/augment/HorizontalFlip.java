package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Mirror image left-right (optional: a flipped picture is a near-duplicate only by some policies). */
public record HorizontalFlip() implements Augmentation {
    @Override
    public String name() {
        return "hflip";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        BufferedImage rgb = Images.toRgb(image);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        int[] flipped = new int[w];
        for (int y = 0; y < h; y++) {
            rgb.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                flipped[w - 1 - x] = row[x];
            }
            out.setRGB(0, y, w, 1, flipped, 0, w);
        }
        return out;
    }
}
