package io.hashstream.jobs.cli.demo;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * The original images of the demo feed. Real pictures when a directory of PNG files is available
 * (by default Debian's {@code openclipart-png}, {@value #OPENCLIPART}), otherwise pictures drawn
 * procedurally from a seeded {@link Random} (gradients, shapes, strokes): the same seed always gives
 * the same images. {@link #description()} says which.
 */
public final class DemoImages {

    /** Where Debian's openclipart-png package puts its pictures. */
    public static final String OPENCLIPART = "/usr/share/openclipart/png";

    private static final int MIN_SIDE = 128;
    private static final int MAX_SIDE = 1024;
    /** Larger pictures are scaled down: the feed stays small and the model sees 64-ish pixels anyway. */
    private static final int FEED_SIDE = 384;
    private static final int PROCEDURAL_SIDE = 256;

    private final List<BufferedImage> images;
    private final String description;

    private DemoImages(List<BufferedImage> images, String description) {
        this.images = List.copyOf(images);
        this.description = description;
    }

    /**
     * {@code count} images from {@code directory} (PNG files of 128-1024 px per side, chosen with the
     * seed) or, if it does not exist or has too few usable pictures, drawn procedurally.
     */
    public static DemoImages load(Path directory, int count, long seed) {
        if (directory != null && Files.isDirectory(directory)) {
            List<BufferedImage> found = fromDirectory(directory, count, seed);
            if (found.size() == count) {
                return new DemoImages(found, count + " PNG pictures from " + directory);
            }
        }
        return procedural(count, seed);
    }

    public static DemoImages procedural(int count, long seed) {
        Random random = new Random(seed);
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(draw(random));
        }
        return new DemoImages(images, count + " procedurally drawn pictures (seed " + seed + "; install openclipart-png for real ones)");
    }

    public List<BufferedImage> images() {
        return images;
    }

    /** Where the pictures came from, for the demo to print. */
    public String description() {
        return description;
    }

    private static List<BufferedImage> fromDirectory(Path directory, int count, long seed) {
        List<Path> candidates;
        try (Stream<Path> files = Files.walk(directory)) {
            candidates = new ArrayList<>(files.filter(p -> p.toString().endsWith(".png"))
                    .filter(DemoImages::hasUsableSize).sorted().toList());
        } catch (IOException e) {
            return List.of();
        }
        Collections.shuffle(candidates, new Random(seed));
        List<BufferedImage> chosen = new ArrayList<>();
        for (Path p : candidates) {
            if (chosen.size() == count) {
                break;
            }
            try {
                BufferedImage image = ImageIO.read(p.toFile());
                if (image != null) {
                    chosen.add(onWhite(image));
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable file in the collection: take the next one
            }
        }
        return chosen;
    }

    /** Reads width and height from the PNG header (IHDR) without decoding the picture. */
    private static boolean hasUsableSize(Path png) {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            byte[] header = new byte[16];
            data.readFully(header);
            int w = data.readInt();
            int h = data.readInt();
            return w >= MIN_SIDE && h >= MIN_SIDE && w <= MAX_SIDE && h <= MAX_SIDE;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Clip art is mostly transparent: flatten it onto white (what a viewer sees) and scale it to at
     * most {@value #FEED_SIDE} px per side.
     */
    private static BufferedImage onWhite(BufferedImage image) {
        double scale = Math.min(1.0, (double) FEED_SIDE / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setComposite(AlphaComposite.SrcOver);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static BufferedImage draw(Random random) {
        int side = PROCEDURAL_SIDE;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(random.nextInt(side), 0, color(random),
                    random.nextInt(side), side, color(random)));
            g.fillRect(0, 0, side, side);
            int shapes = 4 + random.nextInt(6);
            for (int s = 0; s < shapes; s++) {
                g.setColor(color(random));
                int x = random.nextInt(side);
                int y = random.nextInt(side);
                int w = 20 + random.nextInt(side / 2);
                int h = 20 + random.nextInt(side / 2);
                switch (random.nextInt(3)) {
                    case 0 -> g.fillOval(x - w / 2, y - h / 2, w, h);
                    case 1 -> g.fillRect(x - w / 2, y - h / 2, w, h);
                    default -> {
                        Polygon p = new Polygon();
                        for (int k = 0; k < 3 + random.nextInt(4); k++) {
                            p.addPoint(random.nextInt(side), random.nextInt(side));
                        }
                        g.fillPolygon(p);
                    }
                }
            }
            int strokes = 2 + random.nextInt(4);
            for (int s = 0; s < strokes; s++) {
                g.setColor(color(random));
                g.setStroke(new BasicStroke(2 + random.nextInt(8)));
                g.drawLine(random.nextInt(side), random.nextInt(side), random.nextInt(side), random.nextInt(side));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Color color(Random random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }
}
