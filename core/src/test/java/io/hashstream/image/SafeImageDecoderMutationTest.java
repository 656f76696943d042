package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random damage to real files of every decoded format: the decoder either returns an image or
 * refuses with a typed reason; no other exception ever escapes. (Coverage-guided fuzzing lives with the
 * hostile-input tests; this is the quick, deterministic guard.)
 */
class SafeImageDecoderMutationTest {

    private final SafeImageDecoder decoder = new SafeImageDecoder(DecodeLimits.defaults().withTarget(64, 64));

    @Test
    void damagedFilesDecodeOrAreRefusedWithAReason() {
        BufferedImage picture = TestImages.shapes(31, 72, 48);
        List<byte[]> seeds = List.of(
                TestImages.jpeg(picture, 0.8f, false),
                TestImages.jpeg(picture, 0.8f, true),
                TestImages.encode(picture, "png"),
                TestImages.encode(picture, "gif"),
                TestImages.encode(picture, "bmp"),
                TestImages.encode(picture, "tiff"),
                TestImages.resource("lossy.webp"),
                TestImages.resource("lossless.webp"),
                TestImages.resource("cmyk.jpg"),
                TestImages.resource("rgb16.png"),
                TestImages.resource("animated.gif"),
                TestImages.resource("orientation-6.jpg"));
        Random r = new Random(20261127);
        Map<ImageRejectReason, Integer> reasons = new EnumMap<>(ImageRejectReason.class);
        int decoded = 0;
        int cases = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < 40; i++) {
                byte[] damaged = mutate(seed, r);
                cases++;
                try {
                    BufferedImage img = decoder.decode(damaged);
                    assertThat(img.getWidth()).isPositive();
                    decoded++;
                } catch (ImageRejectedException e) {
                    reasons.merge(e.reason(), 1, Integer::sum);
                }
            }
        }
        assertThat(decoded + reasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(cases);
        assertThat(reasons).containsKeys(ImageRejectReason.CORRUPT, ImageRejectReason.TRUNCATED);
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(5)) {
            case 0 -> { // flip a few bits anywhere past the signature
                for (int k = 0, n = 1 + r.nextInt(8); k < n; k++) {
                    int at = 4 + r.nextInt(b.length - 4);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, 4 + r.nextInt(b.length - 4)); // cut
            case 2 -> { // overwrite a run with random bytes
                int at = 4 + r.nextInt(b.length - 4);
                for (int k = at; k < Math.min(b.length, at + 1 + r.nextInt(32)); k++) {
                    b[k] = (byte) r.nextInt(256);
                }
            }
            case 3 -> { // header fields: damage the first 64 bytes only
                for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                    int at = 4 + r.nextInt(Math.min(60, b.length - 4));
                    b[at] = (byte) r.nextInt(256);
                }
            }
            default -> { // duplicate a slice (shifts everything after it)
                int from = r.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + r.nextInt(64));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
        }
        return b;
    }
}
