package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ModelInput.Normalization;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private final Preprocessor preprocessor = new Preprocessor();

    private static ModelInput input(int h, int w, int c, Normalization n) {
        return new ModelInput(h, w, c, n, Preprocessor.VERSION);
    }

    private float[] run(BufferedImage img, ModelInput in) {
        float[] out = new float[in.floatsPerImage()];
        preprocessor.preprocess(img, in, out, 0);
        return out;
    }

    @Property(tries = 60)
    void uniformColourGivesExactlyItsNormalizedSamples(
            @ForAll @IntRange(min = 0, max = 255) int r, @ForAll @IntRange(min = 0, max = 255) int g,
            @ForAll @IntRange(min = 0, max = 255) int b,
            @ForAll @IntRange(min = 1, max = 90) int srcW, @ForAll @IntRange(min = 1, max = 90) int srcH,
            @ForAll @IntRange(min = 1, max = 40) int outW, @ForAll @IntRange(min = 1, max = 40) int outH,
            @ForAll Normalization normalization) {
        BufferedImage img = TestImages.uniform(srcW, srcH, BufferedImage.TYPE_3BYTE_BGR, 0xFF000000 | r << 16 | g << 8 | b);
        float[] rgb = run(img, input(outH, outW, 3, normalization));
        for (int i = 0; i < rgb.length; i += 3) {
            assertThat(rgb[i]).isEqualTo(normalization.apply(r));
            assertThat(rgb[i + 1]).isEqualTo(normalization.apply(g));
            assertThat(rgb[i + 2]).isEqualTo(normalization.apply(b));
        }
        float[] luma = run(img, input(outH, outW, 1, normalization));
        int expected = (int) (0.299f * r + 0.587f * g + 0.114f * b + 0.5f);
        for (float v : luma) {
            assertThat(v).isEqualTo(normalization.apply(expected));
        }
    }

    @Test
    void knownValuesForBothNormalizations() {
        BufferedImage img = TestImages.uniform(5, 3, BufferedImage.TYPE_INT_RGB, 0xFFFF8000);
        float[] zeroOne = run(img, input(2, 2, 3, Normalization.ZERO_ONE));
        float half = 128 * (1f / 255f);
        assertThat(zeroOne).containsExactly(1f, half, 0f, 1f, half, 0f, 1f, half, 0f, 1f, half, 0f);
        float[] minusOneOne = run(img, input(1, 1, 3, Normalization.MINUS_ONE_ONE));
        assertThat(minusOneOne).containsExactly(1f, 128 * (1f / 127.5f) - 1f, -1f);
        // luminance of (255, 128, 0) = 76.245 + 75.136 = 151.381 -> 151
        assertThat(run(img, input(1, 1, 1, Normalization.ZERO_ONE))).containsExactly(z(151));
    }

    @Test
    void luminanceUsesRec601Weights() {
        assertThat(Preprocessor.luminance(255, 0, 0)).isCloseTo(76.245f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(Preprocessor.luminance(0, 255, 0)).isCloseTo(149.685f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(Preprocessor.luminance(0, 0, 255)).isCloseTo(29.07f, org.assertj.core.data.Offset.offset(1e-4f));
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x00FF00);
        img.setRGB(2, 0, 0x0000FF);
        assertThat(run(img, input(1, 3, 1, Normalization.ZERO_ONE))).containsExactly(z(76), z(150), z(29));
    }

    @Test
    void layoutIsNhwcRowMajorWithChannelsInnermost() {
        // Identity size: each output pixel is exactly its source pixel.
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                int base = 10 * (y * 3 + x);
                img.setRGB(x, y, (base + 1) << 16 | (base + 2) << 8 | (base + 3));
            }
        }
        float[] out = run(img, input(2, 3, 3, Normalization.ZERO_ONE));
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 3; c++) {
                    int expected = 10 * (y * 3 + x) + c + 1;
                    assertThat(out[(y * 3 + x) * 3 + c]).as("y=%d x=%d c=%d", y, x, c).isEqualTo(z(expected));
                }
            }
        }
    }

    @Test
    void offsetAndNeighboursAreRespected() {
        BufferedImage img = TestImages.uniform(4, 4, BufferedImage.TYPE_INT_RGB, 0xFF102030);
        ModelInput in = input(2, 2, 3, Normalization.ZERO_ONE);
        float[] batch = new float[3 * in.floatsPerImage()];
        java.util.Arrays.fill(batch, -7f);
        preprocessor.preprocess(img, in, batch, in.floatsPerImage());
        for (int i = 0; i < batch.length; i++) {
            boolean inside = i >= in.floatsPerImage() && i < 2 * in.floatsPerImage();
            if (!inside) {
                assertThat(batch[i]).isEqualTo(-7f);
            }
        }
        assertThat(batch[in.floatsPerImage()]).isEqualTo(z(0x10));
        assertThatThrownBy(() -> preprocessor.preprocess(img, in, batch, 2 * in.floatsPerImage() + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shrinkingAveragesAreas() {
        // 4x2: columns 0,1 black; 2 white; 3 gray 100. To 2x1: left = 0, right = (255 + 100) / 2 = 177.5 -> 178.
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 2; y++) {
            img.getRaster().setSample(2, y, 0, 255);
            img.getRaster().setSample(3, y, 0, 100);
        }
        assertThat(run(img, input(1, 2, 1, Normalization.ZERO_ONE))).containsExactly(0f, z(178));
        // 3 -> 2 columns: partial coverage. Output 0 covers [0, 1.5): (0 + 0.5*0) = 0; output 1 covers [1.5, 3):
        // (0.5 * 0 + 1 * 255) / 1.5 = 170.
        BufferedImage three = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        three.getRaster().setSample(2, 0, 0, 255);
        assertThat(run(three, input(1, 2, 1, Normalization.ZERO_ONE))).containsExactly(0f, z(170));
    }

    @Test
    void enlargingInterpolatesBilinearly() {
        // 2 -> 4 columns: centres at -0.25, 0.25, 0.75, 1.25 in source pixels (clamped at the edges).
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(1, 0, 0, 200);
        assertThat(run(img, input(1, 4, 1, Normalization.ZERO_ONE)))
                .containsExactly(0f, z(50), z(150), z(200));
    }

    @Test
    void everyPixelLayoutGivesTheSameResult() {
        BufferedImage bgr = TestImages.shapes(42, 97, 61);
        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_USHORT_565_RGB};
        ModelInput in = input(16, 24, 3, Normalization.MINUS_ONE_ONE);
        float[] expected = run(bgr, in);
        for (int type : types) {
            BufferedImage copy = convert(bgr, type);
            if (type == BufferedImage.TYPE_USHORT_565_RGB) {
                // 565 loses low bits: compare against the BGR version of the quantized picture.
                assertThat(run(copy, in)).isEqualTo(run(convert(copy, BufferedImage.TYPE_3BYTE_BGR), in));
            } else {
                assertThat(run(copy, in)).as("type %d", type).isEqualTo(expected);
            }
        }
    }

    @Test
    void grayLayoutsAgree() {
        BufferedImage gray = new BufferedImage(50, 30, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage gray16 = new BufferedImage(50, 30, BufferedImage.TYPE_USHORT_GRAY);
        java.util.Random r = new java.util.Random(3);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 50; x++) {
                int v = r.nextInt(256);
                gray.getRaster().setSample(x, y, 0, v);
                gray16.getRaster().setSample(x, y, 0, v * 257);
            }
        }
        for (int channels : new int[] {1, 3}) {
            ModelInput in = input(7, 9, channels, Normalization.ZERO_ONE);
            assertThat(run(gray16, in)).isEqualTo(run(gray, in));
        }
    }

    @Test
    void subimagesAreReadAtTheirOwnOrigin() {
        BufferedImage picture = TestImages.shapes(8, 80, 60);
        ModelInput in = input(10, 10, 3, Normalization.ZERO_ONE);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage full = convert(picture, type);
            BufferedImage sub = full.getSubimage(13, 7, 40, 30);
            BufferedImage copy = new BufferedImage(sub.getColorModel(),
                    sub.copyData(sub.getRaster().createCompatibleWritableRaster(40, 30)), false, null);
            assertThat(copy.getType()).isEqualTo(type);
            assertThat(run(sub, in)).as("type %d", type).isEqualTo(run(copy, in));
        }
    }

    @Test
    void sameInputGivesBitIdenticalOutput() {
        BufferedImage picture = TestImages.shapes(99, 321, 243);
        ModelInput in = input(64, 64, 3, Normalization.MINUS_ONE_ONE);
        float[] first = run(picture, in);
        for (int i = 0; i < 3; i++) {
            assertThat(bits(new Preprocessor().preprocess(picture, in))).isEqualTo(bits(first));
        }
    }

    @Test
    void outputOfAFixedPictureNeverChangesWithoutAVersionBump() {
        // A golden checksum: if this fails, preprocessing changed; bump Preprocessor.VERSION (models trained
        // with the old version must then be retrained or pinned) and update the expected values here.
        BufferedImage picture = TestImages.shapes(2024, 300, 200);
        assertThat(Preprocessor.VERSION).isEqualTo(1);
        assertThat(crc(run(picture, input(64, 64, 3, Normalization.ZERO_ONE)))).isEqualTo(GOLDEN_RGB);
        assertThat(crc(run(picture, input(32, 48, 1, Normalization.MINUS_ONE_ONE)))).isEqualTo(GOLDEN_LUMA);
    }

    private static final long GOLDEN_RGB = 2327028489L;
    private static final long GOLDEN_LUMA = 2123069002L;

    @Test
    void aModelInputForAnotherVersionIsRefused() {
        ModelInput old = new ModelInput(8, 8, 3, Normalization.ZERO_ONE, Preprocessor.VERSION + 1);
        BufferedImage img = TestImages.uniform(8, 8, BufferedImage.TYPE_INT_RGB, 0xFF000000);
        assertThatThrownBy(() -> preprocessor.preprocess(img, old, new float[old.floatsPerImage()], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> new ImagePipeline(old)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float z(int sample) {
        return Normalization.ZERO_ONE.apply(sample);
    }

    private static long crc(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4);
        for (float f : v) {
            buf.putInt(Float.floatToRawIntBits(f));
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array());
        return crc.getValue();
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    static BufferedImage convert(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        if (type == BufferedImage.TYPE_BYTE_GRAY) {
            // Gray as the sample (no colour-space conversion), as the decoder's gray images are.
            for (int y = 0; y < src.getHeight(); y++) {
                for (int x = 0; x < src.getWidth(); x++) {
                    int p = src.getRGB(x, y);
                    out.getRaster().setSample(x, y, 0, (((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF)) / 3);
                }
            }
            return out;
        }
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                out.setRGB(x, y, src.getRGB(x, y));
            }
        }
        return out;
    }
}
