package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG re-encoding at a random quality in [minQuality, maxQuality] (percent). */
public record JpegReencode(int minQuality, int maxQuality) implements Augmentation {
    public JpegReencode {
        if (minQuality < 1 || minQuality > maxQuality || maxQuality > 100) {
            throw new IllegalArgumentException("need 1 <= minQuality <= maxQuality <= 100");
        }
    }

    public static JpegReencode defaults() {
        return new JpegReencode(10, 95);
    }

    @Override
    public String name() {
        return "jpeg";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        int q = minQuality + rnd.nextInt(maxQuality - minQuality + 1);
        return decode(encode(Images.toRgb(image), q / 100f));
    }

    /** The image as JPEG bytes at {@code quality} in (0, 1]. */
    public static byte[] encode(BufferedImage rgb, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgb, null, null), p);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage decode(byte[] jpeg) {
        try {
            return Images.toRgb(ImageIO.read(new ByteArrayInputStream(jpeg)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
