package io.hashstream.jobs.cli.demo;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Random;

/**
 * The edits a near-duplicate detector should see through. Each returns a new image; the source is
 * never modified. {@link #REENCODE_JPEG} changes only the encoding (see {@link DemoFeed}).
 */
public enum ImageEdit {
    /** Same pixels, written as a low-quality JPEG: block artefacts and chroma subsampling. */
    REENCODE_JPEG {
        @Override
        BufferedImage apply(BufferedImage source, Random random) {
            return copy(source);
        }
    },
    /** Scaled to 50-80 % of each side with bilinear interpolation. */
    RESIZE {
        @Override
        BufferedImage apply(BufferedImage source, Random random) {
            double f = 0.5 + 0.3 * random.nextDouble();
            int w = Math.max(8, (int) Math.round(source.getWidth() * f));
            int h = Math.max(8, (int) Math.round(source.getHeight() * f));
            return draw(source, w, h, 0, 0, source.getWidth(), source.getHeight());
        }
    },
    /** 88-95 % of each side kept, at a random offset. */
    CROP {
        @Override
        BufferedImage apply(BufferedImage source, Random random) {
            double keep = 0.88 + 0.07 * random.nextDouble();
            int w = Math.max(8, (int) Math.round(source.getWidth() * keep));
            int h = Math.max(8, (int) Math.round(source.getHeight() * keep));
            int x = random.nextInt(source.getWidth() - w + 1);
            int y = random.nextInt(source.getHeight() - h + 1);
            return copy(source.getSubimage(x, y, w, h));
        }
    },
    /** Every channel scaled by 1.15-1.3 and offset by +10, clamped. */
    BRIGHTEN {
        @Override
        BufferedImage apply(BufferedImage source, Random random) {
            double gain = 1.15 + 0.15 * random.nextDouble();
            BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < source.getHeight(); y++) {
                for (int x = 0; x < source.getWidth(); x++) {
                    int rgb = source.getRGB(x, y);
                    int r = brighten((rgb >> 16) & 0xff, gain);
                    int g = brighten((rgb >> 8) & 0xff, gain);
                    int b = brighten(rgb & 0xff, gain);
                    out.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            return out;
        }
    };

    abstract BufferedImage apply(BufferedImage source, Random random);

    /** Lower-case name with dashes, as printed by the demo. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static int brighten(int v, double gain) {
        return Math.min(255, (int) Math.round(v * gain + 10));
    }

    static BufferedImage copy(BufferedImage source) {
        return draw(source, source.getWidth(), source.getHeight(), 0, 0, source.getWidth(), source.getHeight());
    }

    private static BufferedImage draw(BufferedImage source, int w, int h, int sx, int sy, int sw, int sh) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, w, h, sx, sy, sx + sw, sy + sh, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
