package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link SafeImageDecoder} reads {@link PlainJpeg plain JPEGs} with the JDK's reader instead of
 * TwelveMonkeys': the pixels (and so every model input) must be exactly what TwelveMonkeys gives, at
 * full size and with the subsampling the pipelines use; and only plain files may take that path.
 */
class PlainJpegTest {

    @Property(tries = 60)
    void plainJpegsDecodeToTheSamePixelsAsThroughTwelveMonkeys(@ForAll @IntRange(min = 1, max = 700) int w,
            @ForAll @IntRange(min = 1, max = 700) int h, @ForAll @IntRange(min = 5, max = 100) int quality,
            @ForAll boolean progressive, @ForAll boolean gray, @ForAll @IntRange(min = 0, max = 300) int target,
            @ForAll long seed) {
        BufferedImage picture = TestImages.shapes(seed, w, h);
        if (gray) {
            picture = PreprocessorTest.convert(picture, BufferedImage.TYPE_BYTE_GRAY);
        }
        byte[] jpeg = TestImages.jpeg(picture, quality / 100f, progressive);
        assertThat(PlainJpeg.isPlain(jpeg)).isTrue();
        DecodeLimits limits = target == 0 ? DecodeLimits.defaults() : DecodeLimits.defaults().withTarget(target, target);
        assertSameDecode(jpeg, limits);
    }

    @Test
    void committedFilesDecodeAsBefore() {
        // A plain JFIF file with an EXIF orientation, and the CMYK file that stays with TwelveMonkeys.
        assertThat(PlainJpeg.isPlain(TestImages.resource("orientation-6.jpg"))).isTrue();
        for (String name : new String[] {"orientation-6.jpg", "cmyk.jpg"}) {
            assertSameDecode(TestImages.resource(name), DecodeLimits.defaults());
            assertSameDecode(TestImages.resource(name), DecodeLimits.defaults().withTarget(8, 8));
        }
    }

    @Test
    void theJdkReaderIsTheOneTwelveMonkeysDelegatesTo() {
        // If this JDK lacked it, plain files would silently stay with TwelveMonkeys: correct, only slower.
        assertThat(ImageIO.getImageReadersByFormatName("jpeg")).toIterable()
                .anyMatch(r -> r.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReader"));
    }

    /**
     * Damaged plain JPEGs (bit flips, cuts, overwritten runs, header damage): the decoder's verdict is the
     * version 1 verdict — the same pixels, or a refusal with the same reason.
     */
    @Property(tries = 200)
    void damagedPlainJpegsGetTheSameVerdictAsBefore(@ForAll @IntRange(min = 0, max = 3) int damage,
            @ForAll boolean progressive, @ForAll boolean subsampled, @ForAll long seed) {
        Random r = new Random(seed);
        byte[] b = TestImages.jpeg(TestImages.shapes(seed, 16 + r.nextInt(120), 16 + r.nextInt(120)), 0.8f, progressive);
        switch (damage) {
            case 0 -> {
                for (int k = 0, n = 1 + r.nextInt(8); k < n; k++) {
                    b[4 + r.nextInt(b.length - 4)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, 4 + r.nextInt(b.length - 4));
            case 2 -> {
                int at = 4 + r.nextInt(b.length - 4);
                for (int k = at; k < Math.min(b.length, at + 1 + r.nextInt(32)); k++) {
                    b[k] = (byte) r.nextInt(256);
                }
            }
            default -> {
                for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                    b[4 + r.nextInt(Math.min(200, b.length - 4))] = (byte) r.nextInt(256);
                }
            }
        }
        DecodeLimits limits = subsampled ? DecodeLimits.defaults().withTarget(20, 20) : DecodeLimits.defaults();
        byte[] damaged = b;
        String actual = verdict(() -> new SafeImageDecoder(limits).decode(damaged));
        String expected = verdict(() -> new ReferenceSafeImageDecoderV1(limits).decode(damaged));
        assertThat(actual).as("plain: %s", PlainJpeg.isPlain(damaged)).isEqualTo(expected);
    }

    @Test
    void aHarmlessFirstWarningDoesNotHideAPrematureEnd() {
        // Found by the property above in a clean-clone CI run (seed 7651223425864597867): header damage
        // gave an unknown JFIF revision (harmless) and a width of 242 for 24 columns of data. libjpeg
        // reports only an image's first warning, so the JDK reader said nothing of the premature end that
        // TwelveMonkeys reported on the same bytes (without the JFIF warning).
        damagedPlainJpegsGetTheSameVerdictAsBefore(3, true, true, -392L);
        damagedPlainJpegsGetTheSameVerdictAsBefore(3, false, false, -392L);
    }

    private interface Decode {
        BufferedImage run() throws ImageRejectedException;
    }

    /** The reject reason, or the decoded image's type, size and a digest of its pixels. */
    private static String verdict(Decode decode) {
        try {
            BufferedImage img = decode.run();
            return img.getType() + " " + img.getWidth() + "x" + img.getHeight() + " "
                    + Arrays.hashCode(((DataBufferByte) img.getRaster().getDataBuffer()).getData());
        } catch (ImageRejectedException e) {
            return e.reason().toString();
        }
    }

    @Test
    void onlyPlainFilesAreRecognized() {
        byte[] plain = TestImages.jpeg(TestImages.shapes(1, 40, 30), 0.8f, false);
        assertThat(PlainJpeg.isPlain(plain)).isTrue();
        // Adobe APP14 (CMYK), an embedded ICC profile, arithmetic coding, lossless: TwelveMonkeys' business.
        assertThat(PlainJpeg.isPlain(TestImages.resource("cmyk.jpg"))).isFalse();
        assertThat(PlainJpeg.isPlain(withSegmentAfterSoi(plain, 0xE2, "ICC_PROFILE\0\1\1"))).isFalse();
        assertThat(PlainJpeg.isPlain(withSegmentAfterSoi(plain, 0xEE, "Adobe\0\144\0\0\0\0\1"))).isFalse();
        int sof = TestImages.jpegSofOffset(plain);
        for (int marker : new int[] {0xC3, 0xC9, 0xCA, 0xC5}) {
            byte[] other = plain.clone();
            other[sof + 1] = (byte) marker;
            assertThat(PlainJpeg.isPlain(other)).as("SOF marker %x", marker).isFalse();
        }
        // Three components without JFIF: YCbCr only if the component ids say so (1, 2, 3), not 'R', 'G', 'B'.
        byte[] noJfif = withoutJfif(plain);
        assertThat(PlainJpeg.isPlain(noJfif)).isTrue();
        byte[] rgbIds = noJfif.clone();
        int noJfifSof = TestImages.jpegSofOffset(rgbIds);
        for (int c = 0; c < 3; c++) {
            rgbIds[noJfifSof + 10 + 3 * c] = (byte) "RGB".charAt(c);
        }
        assertThat(PlainJpeg.isPlain(rgbIds)).isFalse();
        // Damaged headers are "not plain" (TwelveMonkeys then decides), never an exception.
        for (int cut = 0; cut < TestImages.jpegScanDataOffset(plain); cut++) {
            assertThat(PlainJpeg.isPlain(Arrays.copyOf(plain, cut))).isFalse();
        }
        assertThat(PlainJpeg.isPlain(TestImages.encode(TestImages.shapes(1, 8, 8), "png"))).isFalse();
    }

    private static byte[] withSegmentAfterSoi(byte[] jpeg, int marker, String body) {
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((b.length + 2) >> 8);
        out.write((b.length + 2) & 0xFF);
        out.write(b, 0, b.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The JPEG with its APP0 JFIF segment (the ImageIO writer puts it right after SOI) removed. */
    private static byte[] withoutJfif(byte[] jpeg) {
        assertThat(jpeg[3] & 0xFF).isEqualTo(0xE0);
        int length = (jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(jpeg, 4 + length, jpeg.length - 4 - length);
        return out.toByteArray();
    }

    /** The current decoder gives the image type and pixels the version 1 decoder (every JPEG through TwelveMonkeys) gave. */
    private static void assertSameDecode(byte[] jpeg, DecodeLimits limits) {
        BufferedImage actual;
        BufferedImage expected;
        try {
            actual = new SafeImageDecoder(limits).decode(jpeg);
            expected = new ReferenceSafeImageDecoderV1(limits).decode(jpeg);
        } catch (ImageRejectedException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
        assertThat(actual.getType()).isEqualTo(expected.getType());
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        assertThat(((DataBufferByte) actual.getRaster().getDataBuffer()).getData())
                .isEqualTo(((DataBufferByte) expected.getRaster().getDataBuffer()).getData());
    }
}
