package io.hashstream.training.augment;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/** A caption drawn over the picture (meme text): random words, size, colour and place, with an outline. */
public record TextOverlay() implements Augmentation {
    private static final List<String> WORDS = List.of("WHEN YOU", "SALE", "lol", "NEW", "#repost", "FREE",
            "Monday mood", "me irl", "BREAKING", "look at this", "50% OFF", "true story", "wow");

    @Override
    public String name() {
        return "text";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        BufferedImage out = Images.toRgb(image);
        int w = out.getWidth();
        int h = out.getHeight();
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        String text = WORDS.get(rnd.nextInt(WORDS.size()));
        int size = Math.max(6, (int) (h * Images.uniform(rnd, 0.08, 0.18)));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        int tw = g.getFontMetrics().stringWidth(text);
        int x = tw >= w ? 0 : rnd.nextInt(w - tw + 1);
        int y = rnd.nextBoolean() ? size + rnd.nextInt(Math.max(1, h / 6)) : h - rnd.nextInt(Math.max(1, h / 6)) - size / 4;
        Color fill = rnd.nextBoolean() ? Color.WHITE : new Color(rnd.nextInt(0x1000000));
        g.setColor(Color.BLACK);
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                g.drawString(text, x + dx, y + dy);
            }
        }
        g.setColor(fill);
        g.drawString(text, x, y);
        g.dispose();
        return out;
    }
}
