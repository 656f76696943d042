package io.hashstream.image;

import java.awt.image.BufferedImage;

/** Luminance planes of decoded images, read the way {@link Preprocessor} reads pixels (alpha over white). */
public final class Luminance {
    private Luminance() {
    }

    /**
     * {@code 0.299 R + 0.587 G + 0.114 B} for every pixel, unrounded, row-major ({@code [y * width + x]}).
     * Gray images give their samples as stored (no gamma shift through Java's linear gray colour space).
     */
    public static float[] of(BufferedImage img) {
        RgbRows rows = new RgbRows(img);
        int w = rows.width();
        int h = rows.height();
        float[] out = new float[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            rows.read(y, row);
            for (int x = 0, i = y * w; x < w; x++, i++) {
                int p = row[x];
                out[i] = Preprocessor.luminance((p >>> 16) & 0xFF, (p >>> 8) & 0xFF, p & 0xFF);
            }
        }
        return out;
    }
}
