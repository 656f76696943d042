package io.hashstream.jobs.perf;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The load's pictures: JPEG files (quality 85) of one size, each different. When Debian's
 * {@code openclipart-png} is installed, each picture is a seeded choice of clip art composed on a
 * gradient background (real PNG artwork, re-encoded as JPEG); otherwise seeded gradients and shapes.
 *
 * @param source where the pictures came from, for the report
 */
public record PerfImages(int width, int height, List<byte[]> jpegs, String source) {

    public static final Path OPENCLIPART = Path.of("/usr/share/openclipart/png");

    public static PerfImages generate(int width, int height, int count, long seed) {
        Random random = new Random(seed);
        List<Path> clipart = clipart(random);
        List<byte[]> jpegs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage canvas = background(random, width, height);
            Graphics2D g = canvas.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            if (!clipart.isEmpty()) {
                drawClipart(g, random, clipart, width, height);
            } else {
                drawShapes(g, random, width, height);
            }
            g.dispose();
            jpegs.add(jpeg(canvas));
        }
        String source = clipart.isEmpty()
                ? "generated (seeded gradients and shapes, seed " + seed + "; openclipart-png not installed)"
                : "openclipart-png clip art on seeded gradients (" + clipart.size() + " PNGs sampled, seed " + seed + ")";
        return new PerfImages(width, height, List.copyOf(jpegs), source);
    }

    public String label() {
        return width + "x" + height;
    }

    public double meanBytes() {
        return jpegs.stream().mapToInt(b -> b.length).average().orElse(0);
    }

    private static List<Path> clipart(Random random) {
        if (!Files.isDirectory(OPENCLIPART)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(OPENCLIPART)) {
            List<Path> all = new ArrayList<>(files.filter(p -> p.toString().endsWith(".png")).sorted().toList());
            java.util.Collections.shuffle(all, random);
            return List.copyOf(all.subList(0, Math.min(400, all.size())));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static BufferedImage background(Random random, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), width, height,
                new Color(random.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    private static void drawClipart(Graphics2D g, Random random, List<Path> clipart, int width, int height) {
        int pieces = 1 + random.nextInt(3);
        for (int p = 0; p < pieces; p++) {
            BufferedImage art = read(clipart.get(random.nextInt(clipart.size())));
            if (art == null) {
                drawShapes(g, random, width, height);
                continue;
            }
            double scale = (0.4 + 0.6 * random.nextDouble()) * Math.min((double) width / art.getWidth(), (double) height / art.getHeight());
            int w = Math.max(1, (int) (art.getWidth() * scale));
            int h = Math.max(1, (int) (art.getHeight() * scale));
            g.drawImage(art, random.nextInt(Math.max(1, width - w + 1)), random.nextInt(Math.max(1, height - h + 1)), w, h, null);
        }
    }

    private static BufferedImage read(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void drawShapes(Graphics2D g, Random random, int width, int height) {
        for (int s = 0; s < 12; s++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            int w = 1 + random.nextInt(width / 2);
            int h = 1 + random.nextInt(height / 2);
            g.fillOval(random.nextInt(width), random.nextInt(height), w, h);
        }
    }

    static byte[] jpeg(BufferedImage img) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.85f);
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
