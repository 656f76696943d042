package io.hashstream.training.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Borders and letterboxing: the picture on a larger canvas of one colour (black, white or random),
 * either a border on all sides or bars on two opposite sides, up to {@code maxPad} of the side each.
 */
public record Padding(double maxPad) implements Augmentation {
    public Padding {
        if (!(maxPad > 0 && maxPad <= 1)) {
            throw new IllegalArgumentException("maxPad must be in (0, 1]");
        }
    }

    public static Padding defaults() {
        return new Padding(0.25);
    }

    @Override
    public String name() {
        return "padding";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        int w = image.getWidth();
        int h = image.getHeight();
        int mode = rnd.nextInt(3); // 0 border, 1 letterbox (top/bottom), 2 pillarbox (left/right)
        int px = mode == 1 ? 0 : 1 + (int) (w * rnd.nextDouble() * maxPad);
        int py = mode == 2 ? 0 : 1 + (int) (h * rnd.nextDouble() * maxPad);
        Color c = switch (rnd.nextInt(3)) {
            case 0 -> Color.BLACK;
            case 1 -> Color.WHITE;
            default -> new Color(rnd.nextInt(0x1000000));
        };
        BufferedImage out = new BufferedImage(w + 2 * px, h + 2 * py, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(Images.toRgb(image), px, py, null);
        g.dispose();
        return out;
    }
}
