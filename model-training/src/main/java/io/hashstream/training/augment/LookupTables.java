package io.hashstream.training.augment;

import java.awt.image.BufferedImage;

/** Applies a per-sample 8-bit lookup table to every channel of an RGB image. */
final class LookupTables {
    private LookupTables() {}

    static BufferedImage apply(BufferedImage rgb, int[] lut) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            px[i] = lut[(p >>> 16) & 0xFF] << 16 | lut[(p >>> 8) & 0xFF] << 8 | lut[p & 0xFF];
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }
}
