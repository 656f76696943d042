package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link JpegDecode#DCT_SCALED} in {@link ImagePipeline}: the scale it picks, that its fused native path
 * gives exactly libjpeg-turbo's scaled image run through {@link Preprocessor}, that the result stays close
 * to the exact path's (same channels, same picture), and that everything it does not cover takes the exact
 * path unchanged, damaged files' verdicts included.
 */
class JpegDecodeTest {

    private static final ModelInput RGB64 = new ModelInput(64, 64, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
    private static final ModelInput GRAY8 = new ModelInput(8, 8, 1, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);

    @Test
    void settingsParseBothWays() {
        for (JpegDecode d : JpegDecode.values()) {
            assertThat(JpegDecode.parse(d.setting())).isEqualTo(d);
        }
        assertThat(JpegDecode.DCT_SCALED.setting()).isEqualTo("dct-scaled");
        assertThatThrownBy(() -> JpegDecode.parse("fast")).hasMessageContaining("exact or dct-scaled");
        assertThat(JpegDecode.parse("DCT-Scaled")).as("as state-backend=ROCKSDB is").isEqualTo(JpegDecode.DCT_SCALED);
    }

    @Test
    void picksTheSmallestEighthThatCoversTheModel() {
        assertThat(JpegDecode.eighthsFor(256, 256, 64, 64)).isEqualTo(2);
        assertThat(JpegDecode.eighthsFor(512, 512, 64, 64)).isEqualTo(1);
        assertThat(JpegDecode.eighthsFor(1024, 768, 64, 64)).isEqualTo(1);
        assertThat(JpegDecode.eighthsFor(100, 80, 64, 64)).isEqualTo(7); // 88 x 70; 6/8 gives 75 x 60
        assertThat(JpegDecode.eighthsFor(64, 64, 64, 64)).isEqualTo(8);
        assertThat(JpegDecode.eighthsFor(40, 40, 64, 64)).isEqualTo(8);
        assertThat(TurboJpeg.scaled(257, 2)).isEqualTo(65); // rounded up, as TJSCALED
    }

    @Test
    void saysWhetherItIsInEffect() {
        assertThat(new ImagePipeline(RGB64).dctScaling()).isFalse();
        assertThat(new ImagePipeline(RGB64, JpegDecode.DCT_SCALED).dctScaling()).isEqualTo(TurboJpeg.available());
    }

    @Test
    void fullScaleIsTheExactDecode() {
        needsTheBinding();
        byte[] jpeg = TestImages.jpeg(TestImages.shapes(11, 120, 90), 0.85f, false);
        TurboJpeg.Header header = TurboJpeg.header(jpeg);
        assertThat(pixels(TurboJpeg.decodeScaled(jpeg, header, 8))).isEqualTo(pixels(TurboJpeg.decode(jpeg, header, 1, 1)));
    }

    @Test
    void theFusedPathIsTheScaledImagePreprocessed() throws ImageRejectedException {
        needsTheBinding();
        ImagePipeline pipeline = new ImagePipeline(RGB64, JpegDecode.DCT_SCALED);
        float[] dst = new float[RGB64.floatsPerImage()];
        for (int size : new int[] {256, 512, 1024}) {
            byte[] jpeg = TestImages.jpeg(TestImages.shapes(size, size, size), 0.9f, false);
            TurboJpeg.Header header = TurboJpeg.header(jpeg);
            // 128 x 128: twice the model's size, then 2 x 2 boxes in the native call
            BufferedImage scaled = TurboJpeg.decodeScaled(jpeg, header, 8 * 128 / size);
            assertThat(scaled.getWidth()).isEqualTo(128);
            assertThat(pipeline.decodeScaledInDct(jpeg, dst, 0)).isTrue();
            assertThat(dst).isEqualTo(new Preprocessor().preprocess(scaled, RGB64));
        }
        // Not a power-of-two box after scaling (1024 x 768 at 2/8 is 256 x 192): the Java resize.
        byte[] wide = TestImages.jpeg(TestImages.shapes(5, 1024, 768), 0.9f, false);
        BufferedImage scaled = TurboJpeg.decodeScaled(wide, TurboJpeg.header(wide), 2);
        assertThat(pipeline.toModelInput(wide)).isEqualTo(new Preprocessor().preprocess(scaled, RGB64));
    }

    @Test
    void staysCloseToTheExactPathChannelByChannel() throws ImageRejectedException {
        needsTheBinding();
        // Smooth, different ramps per channel: a swapped channel or a misplaced row would be far off.
        BufferedImage img = new BufferedImage(512, 384, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, (x / 2) << 16 | (y * 2 / 3) << 8 | (x + y) / 4);
            }
        }
        byte[] jpeg = TestImages.jpeg(img, 0.9f, false);
        float[] exact = new ImagePipeline(RGB64).toModelInput(jpeg);
        float[] scaled = new ImagePipeline(RGB64, JpegDecode.DCT_SCALED).toModelInput(jpeg);
        assertThat(scaled).isNotEqualTo(exact);
        double sum = 0;
        double max = 0;
        for (int i = 0; i < exact.length; i++) {
            double d = Math.abs(exact[i] - scaled[i]);
            sum += d;
            max = Math.max(max, d);
        }
        assertThat(sum / exact.length).as("mean difference, in units of 255 levels").isLessThan(2.0 / 255);
        assertThat(max).isLessThan(8.0 / 255);
    }

    @Test
    void aPhotoOverTheNativeCapStaysOnTheScaledPath() throws ImageRejectedException {
        needsTheBinding();
        // 17 M pixels: over TurboJpeg.MAX_PIXELS at full size, 0.27 M at 1/8.
        byte[] jpeg = TestImages.jpeg(TestImages.shapes(9, 5000, 3400), 0.8f, false);
        TurboJpeg.Header header = TurboJpeg.header(jpeg);
        assertThat((long) header.width() * header.height()).isGreaterThan(TurboJpeg.MAX_PIXELS);
        assertThat(TurboJpeg.decode(jpeg, header, 1, 1)).as("full size: over the cap").isNull();
        BufferedImage scaled = TurboJpeg.decodeScaled(jpeg, header, 1);
        assertThat(scaled.getWidth()).isEqualTo(625);
        float[] dst = new float[RGB64.floatsPerImage()];
        assertThat(new ImagePipeline(RGB64, JpegDecode.DCT_SCALED).decodeScaledInDct(jpeg, dst, 0)).isTrue();
        assertThat(dst).isEqualTo(new Preprocessor().preprocess(scaled, RGB64));
    }

    @Test
    void grayModelsAndGrayJpegsTakeTheScaledImage() throws ImageRejectedException {
        needsTheBinding();
        BufferedImage gray = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(TestImages.shapes(8, 256, 256), 0, 0, null);
        byte[] jpeg = TestImages.jpeg(gray, 0.9f, false);
        TurboJpeg.Header header = TurboJpeg.header(jpeg);
        BufferedImage scaled = TurboJpeg.decodeScaled(jpeg, header, 1); // 32 x 32 covers 2 x 8 x 8
        assertThat(scaled.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(new ImagePipeline(GRAY8, JpegDecode.DCT_SCALED).toModelInput(jpeg))
                .isEqualTo(new Preprocessor().preprocess(scaled, GRAY8));
    }

    @Test
    void whatItDoesNotCoverTakesTheExactPath() throws ImageRejectedException {
        needsTheBinding();
        ImagePipeline exact = new ImagePipeline(RGB64);
        ImagePipeline dct = new ImagePipeline(RGB64, JpegDecode.DCT_SCALED);
        byte[][] uncovered = {
            TestImages.resource("orientation-6.jpg"), // rotated by EXIF
            TestImages.jpeg(TestImages.shapes(2, 128, 128), 0.9f, false), // no reduction keeps 2 x 64 x 64
            TestImages.encode(TestImages.shapes(3, 256, 256), "png"),
        };
        float[] dst = new float[RGB64.floatsPerImage()];
        for (byte[] bytes : uncovered) {
            assertThat(dct.decodeScaledInDct(bytes, dst, 0)).isFalse();
            assertThat(dct.toModelInput(bytes)).isEqualTo(exact.toModelInput(bytes));
        }
    }

    @Test
    void damagedJpegsGetTheExactPathsVerdict() {
        needsTheBinding();
        byte[] jpeg = TestImages.jpeg(TestImages.shapes(6, 256, 256), 0.8f, false);
        int scan = TestImages.jpegScanDataOffset(jpeg);
        byte[] corrupt = jpeg.clone();
        for (int i = scan + 10; i < scan + 60; i++) {
            corrupt[i] = (byte) 0xFF; // a run of markers inside entropy-coded data
        }
        byte[] truncated = Arrays.copyOf(jpeg, scan + (jpeg.length - scan) / 2);
        ImagePipeline dct = new ImagePipeline(RGB64, JpegDecode.DCT_SCALED);
        ImagePipeline exact = new ImagePipeline(RGB64);
        for (byte[] damaged : new byte[][] {corrupt, truncated}) {
            assertThat(TurboJpeg.decodeScaled(damaged, TurboJpeg.header(damaged), 2)).as("declined").isNull();
            assertThat(rejection(dct, damaged)).isNotNull().isEqualTo(rejection(exact, damaged));
        }
    }

    @Test
    void manyScaledDecodesDoNotGrowTheProcess() {
        needsTheBinding();
        // At full scale each leaked native buffer would be 2.4 MB: 1,000 of them would show. One Java
        // array for all calls, so the heap does not grow either.
        byte[] jpeg = TestImages.jpeg(TestImages.shapes(5, 1024, 768), 0.85f, false);
        byte[] out = new byte[1024 * 768 * 3];
        for (int i = 0; i < 200; i++) {
            assertThat(TurboJpeg.decode(jpeg, false, 8, 1, 1, out, 1024, 768)).isZero();
        }
        long before = TurboJpegTest.residentBytes();
        for (int i = 0; i < 1_000; i++) {
            TurboJpeg.decode(jpeg, false, 8, 1, 1, out, 1024, 768);
        }
        assertThat(TurboJpegTest.residentBytes() - before).isLessThan(256L << 20);
    }

    private static void needsTheBinding() {
        if (!Boolean.getBoolean("hashstream.turbojpeg.built")) {
            assumeTrue(TurboJpeg.available(), "no libjpeg-turbo binding in this build");
        }
    }

    private static ImageRejectReason rejection(ImagePipeline pipeline, byte[] bytes) {
        try {
            pipeline.toModelInput(bytes);
            return null;
        } catch (ImageRejectedException e) {
            return e.reason();
        }
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
