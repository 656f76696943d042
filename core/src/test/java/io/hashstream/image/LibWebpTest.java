package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LibWebp}: where the build made the binding it loads; for valid lossless files it gives exactly
 * TwelveMonkeys' image (type, size, bytes), at full size and subsampled; lossy files stay with
 * TwelveMonkeys; and files libwebp finds broken are refused, the slow fuzzing find among them.
 */
class LibWebpTest {

    private static final List<String> LOSSLESS = List.of("webp-lossless/clipart-alpha-97x97.webp",
            "webp-lossless/clipart-alpha-200.webp", "webp-lossless/gradient-noise-123x77.webp",
            "webp-lossless/one-pixel.webp", "webp-lossless/thin-3x250.webp", "lossless.webp");

    @Test
    void theBindingLoadsWhereTheBuildMadeIt() {
        assumeTrue(Boolean.getBoolean("hashstream.webp.built"), "built without libwebp-dev");
        assertThat(LibWebp.unavailableReason()).isNull();
        assertThat(SafeImageDecoder.nativeWebpAvailable()).isTrue();
    }

    @BeforeEach
    void needsTheBinding() {
        if (!Boolean.getBoolean("hashstream.webp.built")) {
            assumeTrue(LibWebp.available(), "no libwebp binding in this build");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 40})
    void losslessFilesDecodeToTwelveMonkeysPixels(int target) throws ImageRejectedException {
        DecodeLimits limits = target == 0 ? DecodeLimits.defaults() : DecodeLimits.defaults().withTarget(target, target / 2 + 1);
        for (String name : LOSSLESS) {
            byte[] webp = TestImages.resource(name);
            LibWebp.Features features = LibWebp.features(webp);
            assertThat(features).as(name).isNotNull();
            assertThat(features.lossless()).as(name).isTrue();
            int sx = SafeImageDecoder.subsampling(features.width(), limits.targetWidth());
            int sy = SafeImageDecoder.subsampling(features.height(), limits.targetHeight());
            BufferedImage fromLibwebp = LibWebp.decode(webp, features, sx, sy).image();
            assertThat(fromLibwebp).as(name).isNotNull();
            BufferedImage fromTwelveMonkeys = new SafeImageDecoder(limits).withNativeWebp(false).decode(webp);
            assertSameImage(name, fromLibwebp, fromTwelveMonkeys);
            assertSameImage(name, new SafeImageDecoder(limits).decode(webp), fromTwelveMonkeys);
        }
    }

    @Test
    void lossyFilesStayWithTwelveMonkeys() throws ImageRejectedException {
        byte[] lossy = TestImages.resource("lossy.webp");
        assertThat(LibWebp.features(lossy).lossless()).isFalse();
        assertSameImage("lossy.webp", new SafeImageDecoder().decode(lossy),
                new SafeImageDecoder().withNativeWebp(false).decode(lossy));
    }

    @Test
    void theSlowFuzzingFindIsRefusedAsABrokenBitstream() throws Exception {
        // 329 bytes declaring 64x11416; TwelveMonkeys accepts it after seconds of CPU (BENCHMARKS.md, Fuzzing).
        byte[] slow;
        try (var in = LibWebpTest.class.getResourceAsStream("/io/hashstream/fuzz/findings/slow-webp-lossless-7482c8af.webp")) {
            slow = in.readAllBytes();
        }
        assertThatThrownBy(() -> new SafeImageDecoder().decode(slow))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImageRejectReason.CORRUPT);
                    assertThat(e.getMessage()).contains("libwebp: bitstream error");
                });
    }

    @Test
    void aLosslessFileCutInsideItsBitstreamIsRefused() {
        byte[] webp = TestImages.resource("webp-lossless/gradient-noise-123x77.webp");
        // Keep the RIFF and chunk sizes consistent with the shorter file, so the structure checks pass
        // and the bitstream itself is what ends early.
        byte[] cut = Arrays.copyOf(webp, webp.length / 2);
        putLittleEndian(cut, 4, cut.length - 8);
        putLittleEndian(cut, 16, cut.length - 20);
        assertThatThrownBy(() -> new SafeImageDecoder().decode(cut))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.getMessage()).contains("WEBP: libwebp: "));
    }

    private static void putLittleEndian(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void assertSameImage(String name, BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getType()).as(name).isEqualTo(expected.getType());
        assertThat(actual.getWidth()).as(name).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).as(name).isEqualTo(expected.getHeight());
        assertThat(((DataBufferByte) actual.getRaster().getDataBuffer()).getData()).as(name)
                .isEqualTo(((DataBufferByte) expected.getRaster().getDataBuffer()).getData());
    }

    @Test
    void outOfNativeMemoryOrABindingErrorDeclinesInsteadOfRefusingTheFile() {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        assertThat(LibWebp.outcome(0, image).image()).isSameAs(image);
        for (int status : new int[] {1, -1, -2, -3}) { // VP8_STATUS_OUT_OF_MEMORY, HS_DECLINED, HS_NO_MEMORY, HS_BAD_ARGUMENT
            assertThat(LibWebp.outcome(status, image).declined()).as("status " + status).isTrue();
        }
        assertThat(LibWebp.outcome(3, image).refusal()).isEqualTo("libwebp: bitstream error");
        assertThat(LibWebp.outcome(7, image).truncated()).isTrue();
        assertThat(LibWebp.outcome(7, image).declined()).isFalse();
    }
}
