package io.hashstream.training.augment;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * A semi-transparent logo in a corner: a filled shape with a short site name, 10–25% of the shorter
 * side, opacity 0.3–0.8 (stock-photo and re-uploader watermarks).
 */
public record LogoWatermark() implements Augmentation {
    private static final String[] MARKS = {"iStock", "©", "9GAG", "imgur", "@user", "PHOTO"};

    @Override
    public String name() {
        return "logo";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        BufferedImage out = Images.toRgb(image);
        int w = out.getWidth();
        int h = out.getHeight();
        int side = Math.max(4, (int) (Math.min(w, h) * Images.uniform(rnd, 0.10, 0.25)));
        int lw = Math.min(w, side * 2);
        int x = rnd.nextBoolean() ? rnd.nextInt(Math.max(1, w / 20)) : w - lw - rnd.nextInt(Math.max(1, w / 20));
        int y = rnd.nextBoolean() ? rnd.nextInt(Math.max(1, h / 20)) : h - side - rnd.nextInt(Math.max(1, h / 20));
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Images.uniform(rnd, 0.3, 0.8)));
        g.setColor(new Color(rnd.nextInt(0x1000000)));
        if (rnd.nextBoolean()) {
            g.fillRoundRect(x, y, lw, side, side / 3, side / 3);
        } else {
            g.fillOval(x, y, lw, side);
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(4, side / 2)));
        g.drawString(MARKS[rnd.nextInt(MARKS.length)], x + side / 6, y + side * 2 / 3);
        g.dispose();
        return out;
    }
}
