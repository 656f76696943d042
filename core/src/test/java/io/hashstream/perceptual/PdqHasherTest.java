package io.hashstream.perceptual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ImageRejectReason;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.TestImages;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PdqHasherTest {

    private final PdqHasher pdq = new PdqHasher();

    @Test
    void windowIsTheDimensionOver128RoundedUp() {
        assertThat(PdqHasher.windowSize(1)).isEqualTo(1);
        assertThat(PdqHasher.windowSize(128)).isEqualTo(1);
        assertThat(PdqHasher.windowSize(129)).isEqualTo(2);
        assertThat(PdqHasher.windowSize(1024)).isEqualTo(8);
        assertThat(PdqHasher.windowSize(1000)).isEqualTo(8);
    }

    @Test
    void boxFilterAveragesAClippedWindowAroundEachSample() {
        // Values 0..15, window 7: sample k averages k-3..k+3 within the line (the published worked example).
        float[] line = new float[16];
        for (int i = 0; i < 16; i++) {
            line[i] = i;
        }
        float[] out = new float[16];
        PdqHasher.boxFilter(line, 0, 1, 16, 7, out);
        assertThat(out[0]).isEqualTo(6f / 4);
        assertThat(out[3]).isEqualTo(21f / 7);
        assertThat(out[4]).isEqualTo(28f / 7);
        assertThat(out[12]).isEqualTo(84f / 7);
        assertThat(out[13]).isEqualTo(75f / 6);
        assertThat(out[15]).isEqualTo(54f / 4);
        // Window 8: k-3..k+4.
        PdqHasher.boxFilter(line, 0, 1, 16, 8, out);
        assertThat(out[0]).isEqualTo(10f / 5);
        assertThat(out[4]).isEqualTo(36f / 8);
        assertThat(out[11]).isEqualTo(92f / 8);
        assertThat(out[15]).isEqualTo(54f / 4);
        // Strided (a column): same result.
        float[] column = new float[16 * 3];
        for (int i = 0; i < 16; i++) {
            column[i * 3 + 1] = i;
        }
        float[] colOut = new float[16 * 3];
        PdqHasher.boxFilter(column, 1, 3, 16, 8, colOut);
        for (int i = 0; i < 16; i++) {
            assertThat(colOut[i * 3 + 1]).isEqualTo(out[i]);
        }
    }

    @Test
    void dctOfACosineBasisImageIsThatOneCoefficient() {
        for (int[] uv : new int[][] {{1, 1}, {3, 7}, {16, 2}, {9, 16}}) {
            double[] a = new double[64 * 64];
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    a[y * 64 + x] = Math.cos(Math.PI / 128 * uv[0] * (2 * y + 1)) * Math.cos(Math.PI / 128 * uv[1] * (2 * x + 1));
                }
            }
            double[] c = PdqHasher.dct16(a);
            for (int u = 1; u <= 16; u++) {
                for (int v = 1; v <= 16; v++) {
                    double expected = u == uv[0] && v == uv[1] ? 32.0 : 0.0; // orthonormal: (64 / 2) for a pure cosine
                    assertThat(c[(u - 1) * 16 + (v - 1)]).as("(%d,%d) for basis %d,%d", u, v, uv[0], uv[1])
                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
    }

    @Test
    void halfOfTheBitsAreSetAndStructuredPicturesHaveGoodQuality() {
        for (long seed = 0; seed < 5; seed++) {
            PerceptualHash h = pdq.hash(TestImages.shapes(seed, 400, 300));
            assertThat(h.code().bits()).isEqualTo(256);
            assertThat(bitCount(h.code())).isEqualTo(128);
            assertThat(h.quality()).isBetween(PdqHasher.MIN_GOOD_QUALITY, 100);
            assertThat(h.hasher()).isEqualTo("pdq");
        }
    }

    @Test
    void aFlatImageHasQualityZero() {
        PerceptualHash h = pdq.hash(TestImages.uniform(200, 100, BufferedImage.TYPE_INT_RGB, 0xFF808080));
        assertThat(h.quality()).isZero();
    }

    @Test
    void reEncodingAndResizingKeepTheHashWithinTheThreshold() throws Exception {
        for (long seed = 10; seed < 14; seed++) {
            BufferedImage original = TestImages.shapes(seed, 640, 480);
            PerceptualHash h = pdq.hash(TestImages.encode(original, "png"));
            List<byte[]> edits = List.of(
                    TestImages.jpeg(original, 0.9f, false),
                    TestImages.jpeg(original, 0.5f, true),
                    TestImages.jpeg(resize(original, 320, 240), 0.8f, false),
                    TestImages.encode(resize(original, 1000, 750), "png"),
                    TestImages.jpeg(resize(original, 160, 120), 0.75f, false),
                    TestImages.encode(resize(original, 600, 480), "png")); // aspect change
            for (int i = 0; i < edits.size(); i++) {
                int d = h.distance(pdq.hash(edits.get(i)));
                assertThat(d).as("seed %d edit %d", seed, i).isLessThanOrEqualTo(PdqHasher.MATCH_THRESHOLD);
            }
        }
    }

    @Test
    void distinctPicturesAreFarApart() {
        List<PerceptualHash> hashes = new ArrayList<>();
        for (long seed = 100; seed < 130; seed++) {
            hashes.add(pdq.hash(TestImages.shapes(seed, 320, 240)));
        }
        int min = Integer.MAX_VALUE;
        long sum = 0;
        int pairs = 0;
        for (int i = 0; i < hashes.size(); i++) {
            for (int j = i + 1; j < hashes.size(); j++) {
                int d = hashes.get(i).distance(hashes.get(j));
                min = Math.min(min, d);
                sum += d;
                pairs++;
            }
        }
        assertThat(min).isGreaterThan(PdqHasher.MATCH_THRESHOLD);
        assertThat((double) sum / pairs).isBetween(100.0, 156.0); // unrelated 256-bit hashes sit near 128
    }

    @Test
    void sameImageSameHash() {
        BufferedImage picture = TestImages.shapes(3, 500, 333);
        assertThat(new PdqHasher().hash(picture)).isEqualTo(pdq.hash(picture));
    }

    @Test
    void metaHexIsTheReversedByteOrderAndRoundTrips() {
        long[] words = {1L, 0, 0, 1L << 63}; // bits 0 and 255
        BinaryCode code = BinaryCode.ofWords(256, words);
        String hex = PdqHasher.toMetaHex(code);
        assertThat(hex).hasSize(64).startsWith("80").endsWith("01");
        assertThat(PdqHasher.fromMetaHex(hex)).isEqualTo(code);
        PerceptualHash h = pdq.hash(TestImages.shapes(4, 200, 200));
        assertThat(PdqHasher.fromMetaHex(PdqHasher.toMetaHex(h.code()))).isEqualTo(h.code());
        assertThatThrownBy(() -> PdqHasher.fromMetaHex("abcd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesGoThroughTheSafeDecoder() {
        assertThatThrownBy(() -> pdq.hash(TestImages.pngDeclaring(100_000, 100_000)))
                .isInstanceOf(ImageRejectedException.class)
                .extracting(e -> ((ImageRejectedException) e).reason()).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
        assertThat(pdq.decoder().limits().targetWidth()).isEqualTo(PdqHasher.DECODE_TARGET);
    }

    @Test
    void subsampledDecodeStaysCloseToFullResolution() throws Exception {
        Random r = new Random(1);
        for (int i = 0; i < 2; i++) {
            BufferedImage big = TestImages.shapes(r.nextLong(), 2000, 1500);
            PerceptualHash full = pdq.hash(big);
            PerceptualHash viaBytes = pdq.hash(TestImages.jpeg(big, 0.9f, false));
            assertThat(full.distance(viaBytes)).isLessThanOrEqualTo(PdqHasher.MATCH_THRESHOLD);
        }
    }

    static int bitCount(BinaryCode code) {
        int n = 0;
        for (int i = 0; i < code.wordCount(); i++) {
            n += Long.bitCount(code.word(i));
        }
        return n;
    }

    static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
