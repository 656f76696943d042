package io.hashstream.image;

import static io.hashstream.image.SafeImageDecoderRejectionTest.decodeOrFail;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** The image variants that must decode, from real files (committed or written by ImageIO here). */
class SafeImageDecoderFormatsTest {

    private final SafeImageDecoder decoder = new SafeImageDecoder();
    private final Preprocessor preprocessor = new Preprocessor();

    private BufferedImage decode(byte[] bytes) {
        return decodeOrFail(decoder, bytes);
    }

    /** The 8-bit RGB of a pixel as the preprocessor sees it (alpha over white, gray scaled). */
    private static int[] rgb(BufferedImage img, int x, int y) {
        int[] row = new int[img.getWidth()];
        new RgbRows(img).read(y, row);
        int p = row[x];
        return new int[] {(p >>> 16) & 0xFF, (p >>> 8) & 0xFF, p & 0xFF};
    }

    private static void assertColour(BufferedImage img, int x, int y, int r, int g, int b, int tolerance) {
        int[] c = rgb(img, x, y);
        assertThat(c[0]).as("red at %d,%d", x, y).isCloseTo(r, org.assertj.core.data.Offset.offset(tolerance));
        assertThat(c[1]).as("green at %d,%d", x, y).isCloseTo(g, org.assertj.core.data.Offset.offset(tolerance));
        assertThat(c[2]).as("blue at %d,%d", x, y).isCloseTo(b, org.assertj.core.data.Offset.offset(tolerance));
    }

    /** The committed fixtures share one picture: red left half, blue disc, green bar, white elsewhere. */
    private static void assertFixturePicture(BufferedImage img, int tolerance) {
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getHeight()).isEqualTo(48);
        assertColour(img, 10, 30, 0xd0, 0x20, 0x20, tolerance);
        assertColour(img, 44, 24, 0x20, 0x40, 0xc0, tolerance);
        assertColour(img, 50, 5, 0x30, 0xa0, 0x30, tolerance);
        assertColour(img, 62, 45, 0xff, 0xff, 0xff, tolerance);
    }

    @Test
    void imageIoDiskCacheIsOffAndJpegIsReadByTwelveMonkeys() {
        assertThat(decoder.limits()).isEqualTo(DecodeLimits.defaults());
        assertThat(ImageIO.getUseCache()).as("ImageIO temp-file cache").isFalse();
        // CMYK/YCCK and ICC handling need the TwelveMonkeys reader ahead of the JDK's.
        assertThat(ImageIO.getImageReadersByFormatName("jpeg").next().getClass().getName()).startsWith("com.twelvemonkeys.");
    }

    @Test
    void cmykJpegIsConvertedToRgb() {
        assertFixturePicture(decode(TestImages.resource("cmyk.jpg")), 40);
    }

    @Test
    void lossyAndLosslessWebp() {
        assertFixturePicture(decode(TestImages.resource("lossless.webp")), 0);
        assertFixturePicture(decode(TestImages.resource("lossy.webp")), 24);
    }

    @Test
    void sixteenBitRgbPngScalesExactlyTo8Bits() {
        assertFixturePicture(decode(TestImages.resource("rgb16.png")), 0);
    }

    @Test
    void sixteenBitGrayPngReadsItsSampleNotAGammaShiftedValue() {
        BufferedImage gray16 = new BufferedImage(8, 4, BufferedImage.TYPE_USHORT_GRAY);
        short[] data = ((java.awt.image.DataBufferUShort) gray16.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(data, (short) (100 * 257));
        BufferedImage decoded = decode(TestImages.encode(gray16, "png"));
        assertThat(decoded.getColorModel().getComponentSize(0)).isEqualTo(16);
        assertColour(decoded, 3, 2, 100, 100, 100, 0);
    }

    @Test
    void palettePng() {
        byte[] reds = {(byte) 255, 0, 0, 10};
        byte[] greens = {0, (byte) 255, 0, 20};
        byte[] blues = {0, 0, (byte) 255, 30};
        IndexColorModel palette = new IndexColorModel(2, 4, reds, greens, blues);
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        for (int x = 0; x < 4; x++) {
            img.getRaster().setSample(x, 0, 0, x);
        }
        byte[] png = TestImages.encode(img, "png");
        assertThat(png[25]).as("PNG colour type").isEqualTo((byte) 3);
        BufferedImage decoded = decode(png);
        assertColour(decoded, 0, 0, 255, 0, 0, 0);
        assertColour(decoded, 1, 0, 0, 255, 0, 0);
        assertColour(decoded, 2, 0, 0, 0, 255, 0);
        assertColour(decoded, 3, 0, 10, 20, 30, 0);
    }

    @Test
    void alphaIsCompositedOnWhite() {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0xFF00FF00); // opaque green
        img.setRGB(1, 0, 0x00000000); // fully transparent black
        img.setRGB(2, 0, 0x80FF0000); // half-transparent red
        BufferedImage decoded = decode(TestImages.encode(img, "png"));
        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        assertColour(decoded, 0, 0, 0, 255, 0, 0);
        assertColour(decoded, 1, 0, 255, 255, 255, 0);
        int half = RgbRows.onWhite(0x80, 0);
        assertThat(half).isEqualTo((255 * 127 + 127) / 255);
        assertColour(decoded, 2, 0, 255, half, half, 0);
    }

    @Test
    void grayscaleJpegStaysGray() {
        BufferedImage gray = TestImages.uniform(32, 16, BufferedImage.TYPE_BYTE_GRAY, 0xFF646464);
        BufferedImage decoded = decode(TestImages.jpeg(gray, 0.95f, false));
        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertColour(decoded, 5, 5, 100, 100, 100, 1);
    }

    @Test
    void progressiveJpegDecodesLikeBaseline() {
        BufferedImage picture = TestImages.shapes(21, 80, 60);
        byte[] progressive = TestImages.jpeg(picture, 0.9f, true);
        assertThat(progressive[TestImages.jpegSofOffset(progressive) + 1]).as("SOF2 = progressive").isEqualTo((byte) 0xC2);
        BufferedImage a = decode(progressive);
        BufferedImage b = decode(TestImages.jpeg(picture, 0.9f, false));
        assertThat(a.getWidth()).isEqualTo(80);
        assertThat(a.getHeight()).isEqualTo(60);
        for (int y = 0; y < 60; y += 7) {
            for (int x = 0; x < 80; x += 7) {
                int[] pa = rgb(a, x, y);
                int[] pb = rgb(b, x, y);
                for (int c = 0; c < 3; c++) {
                    assertThat(Math.abs(pa[c] - pb[c])).as("pixel %d,%d", x, y).isLessThanOrEqualTo(6);
                }
            }
        }
    }

    @Test
    void exifOrientationIsApplied() {
        // Stored 40x20, left half red, right half blue; orientation 6 = rotate 90° clockwise to display.
        byte[] jpeg = TestImages.resource("orientation-6.jpg");
        assertThat(ExifOrientation.ofJpeg(jpeg)).isEqualTo(ExifOrientation.ROTATE_90_CW);
        BufferedImage img = decode(jpeg);
        assertThat(img.getWidth()).isEqualTo(20);
        assertThat(img.getHeight()).isEqualTo(40);
        assertThat(img.getType()).as("rotation keeps the fast-path layout").isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertColour(img, 10, 5, 255, 0, 0, 8);
        assertColour(img, 10, 34, 0, 0, 255, 8);
    }

    @Test
    void everyOrientationMapsCornersLikeTheExifSpecification() throws IOException {
        // A 3x2 image with distinct pixels; expected displayed layouts from the EXIF 2.3 orientation table.
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[][] stored = {{1, 2, 3}, {4, 5, 6}};
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                img.setRGB(x, y, stored[y][x]);
            }
        }
        int[][][] expected = {
            {{1, 2, 3}, {4, 5, 6}},
            {{3, 2, 1}, {6, 5, 4}},
            {{6, 5, 4}, {3, 2, 1}},
            {{4, 5, 6}, {1, 2, 3}},
            {{1, 4}, {2, 5}, {3, 6}},
            {{4, 1}, {5, 2}, {6, 3}},
            {{6, 3}, {5, 2}, {4, 1}},
            {{3, 6}, {2, 5}, {1, 4}},
        };
        for (ExifOrientation o : ExifOrientation.values()) {
            BufferedImage shown = o.apply(img);
            int[][] want = expected[o.tagValue() - 1];
            assertThat(shown.getHeight()).as(o.name()).isEqualTo(want.length);
            for (int y = 0; y < want.length; y++) {
                for (int x = 0; x < want[y].length; x++) {
                    assertThat(shown.getRGB(x, y) & 0xFFFFFF).as("%s at %d,%d", o, x, y).isEqualTo(want[y][x]);
                }
            }
        }
    }

    @Test
    void animatedGifGivesItsFirstFrame() {
        byte[] gif = TestImages.resource("animated.gif");
        BufferedImage img = decode(gif);
        assertThat(img.getWidth()).isEqualTo(16);
        assertColour(img, 8, 8, 255, 0, 0, 0);
    }

    @Test
    void animatedGifWrittenByImageIoGivesItsFirstFrame() throws IOException {
        BufferedImage green = TestImages.uniform(10, 10, BufferedImage.TYPE_INT_RGB, 0xFF00FF00);
        BufferedImage blue = TestImages.uniform(10, 10, BufferedImage.TYPE_INT_RGB, 0xFF0000FF);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : new BufferedImage[] {green, blue}) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", "10");
                gce.setAttribute("transparentColorIndex", "0");
                root.appendChild(gce);
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, meta), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        BufferedImage first = decode(out.toByteArray());
        assertColour(first, 5, 5, 0, 255, 0, 0);
    }

    @Test
    void largeImagesAreSubsampledToNoLessThanTheTarget() {
        BufferedImage big = TestImages.shapes(3, 1000, 800);
        SafeImageDecoder subsampling = new SafeImageDecoder(DecodeLimits.defaults().withTarget(64, 64));
        for (byte[] bytes : new byte[][] {TestImages.encode(big, "png"), TestImages.jpeg(big, 0.9f, false)}) {
            BufferedImage img = decodeOrFail(subsampling, bytes);
            // steps 1000/64 = 15 and 800/64 = 12: ceil(1000/15) = 67, ceil(800/12) = 67
            assertThat(img.getWidth()).isEqualTo(67);
            assertThat(img.getHeight()).isEqualTo(67);
        }
        // Already small: decoded at full size, never below the target.
        BufferedImage small = decodeOrFail(subsampling, TestImages.encode(TestImages.shapes(3, 100, 70), "png"));
        assertThat(small.getWidth()).isEqualTo(100);
        assertThat(small.getHeight()).isEqualTo(70);
    }

    @Test
    void subsamplingTakesTheOrientationIntoAccount() {
        // orientation-6.jpg displays as 20x40: a 10x20 target halves both displayed axes.
        SafeImageDecoder d = new SafeImageDecoder(DecodeLimits.defaults().withTarget(10, 20));
        BufferedImage img = decodeOrFail(d, TestImages.resource("orientation-6.jpg"));
        assertThat(img.getWidth()).isEqualTo(10);
        assertThat(img.getHeight()).isEqualTo(20);
    }

    @Test
    void bmpAndTiffDecode() {
        BufferedImage picture = TestImages.shapes(9, 30, 20);
        for (String format : new String[] {"bmp", "tiff"}) {
            BufferedImage img = decode(TestImages.encode(picture, format));
            assertThat(img.getWidth()).as(format).isEqualTo(30);
            assertColour(img, 7, 9, (picture.getRGB(7, 9) >> 16) & 0xFF, (picture.getRGB(7, 9) >> 8) & 0xFF,
                    picture.getRGB(7, 9) & 0xFF, 0);
        }
    }

    @Test
    void oneDecoderIsSafeToShareAcrossThreads() throws Exception {
        byte[][] inputs = new byte[8][];
        BufferedImage[] expected = new BufferedImage[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i % 2 == 0 ? TestImages.encode(TestImages.shapes(i, 120, 90), "png")
                    : TestImages.jpeg(TestImages.shapes(i, 120, 90), 0.8f, i % 3 == 0);
            expected[i] = decode(inputs[i]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < inputs.length; i++) {
                    int k = i;
                    results.add(pool.submit(() -> sameRgb(decoder.decode(inputs[k]), expected[k])));
                }
            }
            for (var f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean sameRgb(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
