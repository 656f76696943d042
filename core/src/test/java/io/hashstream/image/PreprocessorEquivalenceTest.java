package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.ModelInput.Normalization;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The guard for optimizing {@link Preprocessor}: for every pixel layout a decoder can hand it (all
 * {@link BufferedImage} types, gray + alpha and 16-bit custom layouts, subimages with raster offsets, and
 * real decodes of JPEG/PNG/GIF/BMP/WebP), odd sizes, shrinking and enlarging, both channel counts and
 * normalizations and the in-memory subsampling steps, its output is bit for bit what
 * {@link ReferencePreprocessorV1} (the version 1 code before optimization) gives — and the floats around
 * the written range stay untouched.
 */
class PreprocessorEquivalenceTest {

    private final Preprocessor optimized = new Preprocessor();
    private final ReferencePreprocessorV1 reference = new ReferencePreprocessorV1();

    /** Every layout, filled with random samples over each band's full range (alpha and palette indices included). */
    enum Layout {
        INT_RGB(BufferedImage.TYPE_INT_RGB), INT_ARGB(BufferedImage.TYPE_INT_ARGB),
        INT_ARGB_PRE(BufferedImage.TYPE_INT_ARGB_PRE), INT_BGR(BufferedImage.TYPE_INT_BGR),
        THREE_BYTE_BGR(BufferedImage.TYPE_3BYTE_BGR), FOUR_BYTE_ABGR(BufferedImage.TYPE_4BYTE_ABGR),
        FOUR_BYTE_ABGR_PRE(BufferedImage.TYPE_4BYTE_ABGR_PRE), USHORT_565(BufferedImage.TYPE_USHORT_565_RGB),
        USHORT_555(BufferedImage.TYPE_USHORT_555_RGB), BYTE_GRAY(BufferedImage.TYPE_BYTE_GRAY),
        USHORT_GRAY(BufferedImage.TYPE_USHORT_GRAY), BYTE_BINARY(BufferedImage.TYPE_BYTE_BINARY),
        BYTE_INDEXED(BufferedImage.TYPE_BYTE_INDEXED),
        /** What PNG gray + alpha decodes to. */
        GRAY_ALPHA_8(-1), GRAY_ALPHA_16(-1),
        /** What 16-bit RGB / RGBA PNGs decode to. */
        RGB_16(-1), RGBA_16(-1);

        private final int type;

        Layout(int type) {
            this.type = type;
        }

        BufferedImage random(int w, int h, Random r) {
            BufferedImage img = switch (this) {
                case GRAY_ALPHA_8 -> custom(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_BYTE, w, h);
                case GRAY_ALPHA_16 -> custom(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_USHORT, w, h);
                case RGB_16 -> custom(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_USHORT, w, h);
                case RGBA_16 -> custom(ColorSpace.CS_sRGB, true, DataBuffer.TYPE_USHORT, w, h);
                default -> new BufferedImage(w, h, type);
            };
            WritableRaster raster = img.getRaster();
            int[] sizes = raster.getSampleModel().getSampleSize();
            // Mostly noise, but runs of equal and of opaque pixels too, so fast paths for alpha 255 are hit.
            int[] pixel = new int[sizes.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (x == 0 || r.nextInt(4) != 0) {
                        for (int b = 0; b < sizes.length; b++) {
                            pixel[b] = r.nextInt(1 << sizes[b]);
                        }
                        if (img.getColorModel().hasAlpha() && r.nextBoolean()) {
                            pixel[sizes.length - 1] = (1 << sizes[sizes.length - 1]) - 1;
                        }
                    }
                    raster.setPixel(x, y, pixel);
                }
            }
            return img;
        }

        private static BufferedImage custom(int space, boolean alpha, int dataType, int w, int h) {
            int bands = (space == ColorSpace.CS_GRAY ? 1 : 3) + (alpha ? 1 : 0);
            int[] bits = new int[bands];
            Arrays.fill(bits, dataType == DataBuffer.TYPE_BYTE ? 8 : 16);
            ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(space), bits, alpha, false,
                    alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
            return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
        }
    }

    @Property(tries = 400)
    void everyLayoutSizeAndInputGivesTheReferenceBits(@ForAll Layout layout,
            @ForAll @IntRange(min = 1, max = 300) int srcW, @ForAll @IntRange(min = 1, max = 300) int srcH,
            @ForAll @IntRange(min = 1, max = 70) int outW, @ForAll @IntRange(min = 1, max = 70) int outH,
            @ForAll boolean rgb, @ForAll Normalization normalization, @ForAll long seed) {
        BufferedImage img = layout.random(srcW, srcH, new Random(seed));
        assertSameBits(img, new ModelInput(outH, outW, rgb ? 3 : 1, normalization, Preprocessor.VERSION), 1, 1);
    }

    @Property(tries = 150)
    void subimagesAndInMemorySubsamplingGiveTheReferenceBits(@ForAll Layout layout,
            @ForAll @IntRange(min = 2, max = 260) int srcW, @ForAll @IntRange(min = 2, max = 260) int srcH,
            @ForAll @IntRange(min = 1, max = 5) int stepX, @ForAll @IntRange(min = 1, max = 5) int stepY,
            @ForAll @IntRange(min = 1, max = 64) int outW, @ForAll @IntRange(min = 1, max = 64) int outH,
            @ForAll boolean rgb, @ForAll long seed) {
        Random r = new Random(seed);
        BufferedImage full = layout.random(srcW, srcH, r);
        int x = r.nextInt(srcW / 2 + 1);
        int y = r.nextInt(srcH / 2 + 1);
        BufferedImage sub = full.getSubimage(x, y, srcW - x, srcH - y);
        ModelInput in = new ModelInput(outH, outW, rgb ? 3 : 1, Normalization.MINUS_ONE_ONE, Preprocessor.VERSION);
        assertSameBits(sub, in, stepX, stepY);
        assertSameBits(full, in, stepX, stepY);
    }

    /** Power-of-two shrink factors (1 to 16 per axis; 64 below) take the integer box path: still the reference bits. */
    @Property(tries = 200)
    void powerOfTwoShrinksGiveTheReferenceBits(@ForAll Layout layout,
            @ForAll @IntRange(min = 1, max = 12) int outW, @ForAll @IntRange(min = 1, max = 12) int outH,
            @ForAll @IntRange(min = 0, max = 4) int log2kx, @ForAll @IntRange(min = 0, max = 4) int log2ky,
            @ForAll @IntRange(min = 1, max = 2) int stepX, @ForAll @IntRange(min = 1, max = 2) int stepY,
            @ForAll boolean rgb, @ForAll Normalization normalization, @ForAll long seed) {
        int kx = 1 << log2kx;
        int ky = 1 << log2ky;
        // Sizes that subsample by the steps to exactly k × out, and one sample more, which is no box.
        for (int extra : new int[] {0, 1}) {
            BufferedImage img = layout.random((outW * kx + extra - 1) * stepX + 1, outH * ky * stepY, new Random(seed));
            assertSameBits(img, new ModelInput(outH, outW, rgb ? 3 : 1, normalization, Preprocessor.VERSION),
                    stepX, stepY);
        }
    }

    @Test
    void theLargestBoxesAndAllWhiteStayExact() {
        for (Layout layout : new Layout[] {Layout.THREE_BYTE_BGR, Layout.BYTE_GRAY, Layout.INT_ARGB}) {
            BufferedImage white = layout.random(4 * 64, 3 * 64, new Random(7));
            java.awt.Graphics2D g = white.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, white.getWidth(), white.getHeight());
            g.dispose();
            for (boolean rgb : new boolean[] {false, true}) {
                ModelInput in = new ModelInput(3, 4, rgb ? 3 : 1, Normalization.ZERO_ONE, Preprocessor.VERSION);
                assertSameBits(white, in, 1, 1);
                assertSameBits(layout.random(4 * 64, 3 * 64, new Random(8)), in, 1, 1);
            }
        }
    }

    @Property(tries = 60)
    void decodedJpegPngGifAndBmpGiveTheReferenceBits(@ForAll @IntRange(min = 1, max = 400) int srcW,
            @ForAll @IntRange(min = 1, max = 400) int srcH, @ForAll boolean rgb, @ForAll long seed) {
        Random r = new Random(seed);
        BufferedImage picture = TestImages.shapes(seed, srcW, srcH);
        BufferedImage withAlpha = Layout.INT_ARGB.random(srcW, srcH, r);
        BufferedImage gray = PreprocessorTest.convert(picture, BufferedImage.TYPE_BYTE_GRAY);
        ModelInput small = new ModelInput(28, 28, rgb ? 3 : 1, Normalization.ZERO_ONE, Preprocessor.VERSION);
        ModelInput large = new ModelInput(64, 64, rgb ? 3 : 1, Normalization.MINUS_ONE_ONE, Preprocessor.VERSION);
        byte[][] files = {
            TestImages.jpeg(picture, 0.85f, false), TestImages.jpeg(picture, 0.6f, true), TestImages.jpeg(gray, 0.9f, false),
            TestImages.encode(picture, "png"), TestImages.encode(withAlpha, "png"), TestImages.encode(gray, "png"),
            TestImages.encode(picture, "gif"), TestImages.encode(picture, "bmp"),
        };
        for (byte[] file : files) {
            assertDecodedSameBits(file, small, large);
        }
    }

    @Test
    void committedRealFilesGiveTheReferenceBits() {
        for (String name : new String[] {"cmyk.jpg", "orientation-6.jpg", "rgb16.png", "lossy.webp", "lossless.webp",
            "animated.gif"}) {
            for (int channels : new int[] {1, 3}) {
                ModelInput in = new ModelInput(28, 28, channels, Normalization.ZERO_ONE, Preprocessor.VERSION);
                ModelInput enlarge = new ModelInput(97, 131, channels, Normalization.MINUS_ONE_ONE, Preprocessor.VERSION);
                assertDecodedSameBits(TestImages.resource(name), in, enlarge);
            }
        }
    }

    /** Decoded at full size, and through the pipelines' subsampled decoders (the job's path). */
    private void assertDecodedSameBits(byte[] file, ModelInput... inputs) {
        for (ModelInput in : inputs) {
            ImagePipeline pipeline = new ImagePipeline(in);
            for (SafeImageDecoder decoder : new SafeImageDecoder[] {new SafeImageDecoder(), pipeline.decoder()}) {
                BufferedImage img = SafeImageDecoderRejectionTest.decodeOrFail(decoder, file);
                assertSameBits(img, in, 1, 1);
            }
            BufferedImage full = SafeImageDecoderRejectionTest.decodeOrFail(new SafeImageDecoder(), file);
            float[] viaPipeline = pipeline.toModelInput(full);
            float[] expected = new float[in.floatsPerImage()];
            reference.preprocess(full, in, expected, 0,
                    SafeImageDecoder.subsampling(full.getWidth(), pipeline.decoder().limits().targetWidth()),
                    SafeImageDecoder.subsampling(full.getHeight(), pipeline.decoder().limits().targetHeight()));
            assertThat(bits(viaPipeline)).isEqualTo(bits(expected));
        }
    }

    private void assertSameBits(BufferedImage img, ModelInput in, int stepX, int stepY) {
        int n = in.floatsPerImage();
        float[] expected = new float[n];
        reference.preprocess(img, in, expected, 0, stepX, stepY);
        // Written between two guard regions holding a marker value, at an offset, into a dirty array.
        float[] actual = new float[n + 10];
        Arrays.fill(actual, Float.NaN);
        optimized.preprocess(img, in, actual, 5, stepX, stepY);
        assertThat(bits(Arrays.copyOfRange(actual, 5, 5 + n)))
                .as("%s -> %s, steps %d,%d", img, in, stepX, stepY).isEqualTo(bits(expected));
        for (int i : new int[] {0, 1, 2, 3, 4, n + 5, n + 6, n + 7, n + 8, n + 9}) {
            assertThat(actual[i]).as("guard %d", i).isNaN();
        }
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
