package io.hashstream.jobs.hostile;

import io.hashstream.image.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Image bytes for the hostile feed: real files of every supported kind and damaged or lying variants. */
final class HostileImages {
    /** {@link io.hashstream.image.DecodeLimits#DEFAULT_MAX_PIXELS}: what the job's decoder allows. */
    static final long PIXEL_LIMIT = io.hashstream.image.DecodeLimits.DEFAULT_MAX_PIXELS;

    private HostileImages() {
    }

    static byte[] png(long seed) {
        return TestImages.encode(TestImages.shapes(seed, 40, 30), "png");
    }

    static byte[] jpeg(long seed) {
        return TestImages.jpeg(TestImages.shapes(seed, 40, 30), 0.9f, false);
    }

    static byte[] progressiveJpeg(long seed) {
        return TestImages.jpeg(TestImages.shapes(seed, 40, 30), 0.8f, true);
    }

    static byte[] rgbaPng(long seed) {
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_ARGB);
        Random r = new Random(seed);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                img.setRGB(x, y, (r.nextInt(256) << 24) | r.nextInt(0x1000000));
            }
        }
        return TestImages.encode(img, "png");
    }

    static byte[] palettePng(long seed) {
        BufferedImage src = TestImages.shapes(seed, 24, 16);
        BufferedImage img = new BufferedImage(24, 16, BufferedImage.TYPE_BYTE_INDEXED);
        img.getGraphics().drawImage(src, 0, 0, null);
        return TestImages.encode(img, "png");
    }

    static byte[] grayPng(long seed) {
        BufferedImage src = TestImages.shapes(seed, 20, 20);
        BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        img.getGraphics().drawImage(src, 0, 0, null);
        return TestImages.encode(img, "png");
    }

    static byte[] gif(long seed) {
        return TestImages.encode(TestImages.shapes(seed, 20, 16), "gif");
    }

    /** Test resources shared with the core decoder tests (see core/src/test/resources/images/README.md). */
    static byte[] resource(String name) {
        return TestImages.resource(name);
    }

    /**
     * A real 1-bit PNG of exactly {@code pixels} pixels (width × height = pixels); compresses to a few
     * kilobytes, so it is cheap to send yet must be decoded over its full size.
     */
    static byte[] bilevelPng(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
        img.getGraphics().fillRect(width / 4, height / 4, width / 2, height / 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first {@code n} bytes, n in [16, length): the magic survives, the data does not. */
    static byte[] truncate(byte[] bytes, Random r) {
        return Arrays.copyOf(bytes, 16 + r.nextInt(bytes.length - 16));
    }

    /** 1 to 8 random bit flips after the first 8 bytes (the format is still recognised). */
    static byte[] flipBits(byte[] bytes, Random r) {
        byte[] out = bytes.clone();
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = 8 + r.nextInt(out.length - 8);
            out[at] ^= (byte) (1 << r.nextInt(8));
        }
        return out;
    }
}
