package io.hashstream.perceptual;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.DecodeLimits;
import io.hashstream.image.Luminance;
import io.hashstream.image.SafeImageDecoder;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * PDQ, Meta's 256-bit perceptual hash, implemented from its published description:
 * <ol>
 *   <li>luminance {@code 0.299 R + 0.587 G + 0.114 B} (alpha over white);</li>
 *   <li>blur with two X-then-Y passes of a 1-D box filter (Jarosz: repeated boxes approximate a tent),
 *       window {@code ceil(dimension / 128)} per axis, so that with two passes each of the 64×64 output
 *       pixels gathers about a 1/64 block of the image; then decimate to 64×64 by sampling the centre
 *       of each block;</li>
 *   <li>quality from the 64×64 image: sum of quantized absolute neighbour differences, scaled to 0..100
 *       (below 50: too flat to trust);</li>
 *   <li>2-D DCT-II of the 64×64 image keeping coefficients 1..16 in each direction (the DC row and column
 *       are dropped: they carry brightness, not structure);</li>
 *   <li>bit {@code 16 i + j} set where coefficient (i, j) exceeds the median of the 256: half the bits are
 *       set, whatever the image.</li>
 * </ol>
 * Two hashes within Hamming distance {@link #MATCH_THRESHOLD} (31) are the same picture. Floating-point
 * details (summation order) differ from Meta's reference code, so a hash may differ from theirs in a few
 * bits near the median; that is well inside the threshold. Bit order is the reference's; {@link #toMetaHex}
 * and {@link #fromMetaHex} convert to and from its hex text (as in published hash lists).
 *
 * <p>Immutable and thread-safe.
 */
public final class PdqHasher implements PerceptualHasher {

    public static final int BITS = 256;
    public static final int MATCH_THRESHOLD = 31;
    /** Hashes with a lower quality are low-confidence (flat or nearly blank images). */
    public static final int MIN_GOOD_QUALITY = 50;
    /** Bytes are decoded with subsampling to at least this size: PDQ's 64×64 never needs more. */
    public static final int DECODE_TARGET = 512;

    static final int SIZE = 64;
    static final int DCT_SIZE = 16;
    private static final int JAROSZ_PASSES = 2;
    private static final int WINDOW_DIVISOR = 128;
    private static final HexFormat HEX = HexFormat.of();

    /** DCT-II basis rows 1..16 of size 64, orthonormal scaling sqrt(2 / 64). */
    private static final double[][] DCT = new double[DCT_SIZE][SIZE];

    static {
        double scale = Math.sqrt(2.0 / SIZE);
        for (int u = 0; u < DCT_SIZE; u++) {
            for (int x = 0; x < SIZE; x++) {
                DCT[u][x] = scale * Math.cos(Math.PI / (2.0 * SIZE) * (u + 1) * (2 * x + 1));
            }
        }
    }

    private final SafeImageDecoder decoder;

    public PdqHasher() {
        this(DecodeLimits.defaults());
    }

    /** Uses {@code limits}' byte and pixel bounds for {@link #hash(byte[])}; subsampling target is {@link #DECODE_TARGET}. */
    public PdqHasher(DecodeLimits limits) {
        this.decoder = new SafeImageDecoder(limits.withTarget(DECODE_TARGET, DECODE_TARGET));
    }

    @Override
    public String name() {
        return "pdq";
    }

    @Override
    public int bits() {
        return BITS;
    }

    @Override
    public int matchThreshold() {
        return MATCH_THRESHOLD;
    }

    @Override
    public SafeImageDecoder decoder() {
        return decoder;
    }

    @Override
    public PerceptualHash hash(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] luma = Luminance.of(image);
        float[] tmp = new float[luma.length];
        int windowX = windowSize(w);
        int windowY = windowSize(h);
        for (int pass = 0; pass < JAROSZ_PASSES; pass++) {
            for (int y = 0; y < h; y++) {
                boxFilter(luma, y * w, 1, w, windowX, tmp);
            }
            for (int x = 0; x < w; x++) {
                boxFilter(tmp, x, w, h, windowY, luma);
            }
        }
        double[] small = decimate(luma, w, h);
        int quality = quality(small);
        double[] coefficients = dct16(small);
        return new PerceptualHash(name(), bitsAboveMedian(coefficients), quality);
    }

    /** Box window for one axis: {@code ceil(dimension / 128)}. */
    static int windowSize(int dimension) {
        return (dimension + WINDOW_DIVISOR - 1) / WINDOW_DIVISOR;
    }

    /**
     * One pass of a box filter of {@code window} samples along a line of {@code n} samples ({@code src[start
     * + k * stride]}), written to {@code dst} at the same positions. Output k averages the samples from
     * {@code k - (window - half)} to {@code k + half - 1} with {@code half = (window + 2) / 2}, clipped to
     * the line (so edges average fewer samples, never padding).
     */
    static void boxFilter(float[] src, int start, int stride, int n, int window, float[] dst) {
        int half = (window + 2) / 2;
        int behind = window - half;
        int ahead = half - 1;
        double sum = 0;
        int lo = 0; // window is [lo, hi)
        int hi = 0;
        for (int k = 0; k < n; k++) {
            int wantHi = Math.min(n, k + ahead + 1);
            int wantLo = Math.max(0, k - behind);
            while (hi < wantHi) {
                sum += src[start + hi * stride];
                hi++;
            }
            while (lo < wantLo) {
                sum -= src[start + lo * stride];
                lo++;
            }
            dst[start + k * stride] = (float) (sum / (hi - lo));
        }
    }

    /** Samples the blurred plane at the centre of each of 64×64 blocks. */
    private static double[] decimate(float[] plane, int w, int h) {
        double[] out = new double[SIZE * SIZE];
        for (int i = 0; i < SIZE; i++) {
            int y = (int) ((i + 0.5) * h / SIZE);
            for (int j = 0; j < SIZE; j++) {
                int x = (int) ((j + 0.5) * w / SIZE);
                out[i * SIZE + j] = plane[y * w + x];
            }
        }
        return out;
    }

    /**
     * Sum over vertical and horizontal neighbour pairs of {@code |(int) ((u - v) * 100 / 255)|} (differences
     * as whole percent of full scale, so only significant gradients count), divided by 90, capped at 100.
     */
    static int quality(double[] s) {
        int sum = 0;
        for (int i = 0; i < SIZE - 1; i++) {
            for (int j = 0; j < SIZE; j++) {
                sum += Math.abs((int) ((s[i * SIZE + j] - s[(i + 1) * SIZE + j]) * 100 / 255));
            }
        }
        for (int i = 0; i < SIZE; i++) {
            for (int j = 0; j < SIZE - 1; j++) {
                sum += Math.abs((int) ((s[i * SIZE + j] - s[i * SIZE + j + 1]) * 100 / 255));
            }
        }
        return Math.min(100, sum / 90);
    }

    /** Coefficients (u, v), u, v in 1..16, of the 2-D DCT-II, at {@code [(u - 1) * 16 + (v - 1)]}. */
    static double[] dct16(double[] a) {
        double[] rows = new double[DCT_SIZE * SIZE]; // D · A
        for (int u = 0; u < DCT_SIZE; u++) {
            for (int x = 0; x < SIZE; x++) {
                double sum = 0;
                for (int k = 0; k < SIZE; k++) {
                    sum += DCT[u][k] * a[k * SIZE + x];
                }
                rows[u * SIZE + x] = sum;
            }
        }
        double[] out = new double[DCT_SIZE * DCT_SIZE]; // (D · A) · Dᵀ
        for (int u = 0; u < DCT_SIZE; u++) {
            for (int v = 0; v < DCT_SIZE; v++) {
                double sum = 0;
                for (int k = 0; k < SIZE; k++) {
                    sum += rows[u * SIZE + k] * DCT[v][k];
                }
                out[u * DCT_SIZE + v] = sum;
            }
        }
        return out;
    }

    /** Bit k set where coefficient k exceeds the median (the 128th smallest of 256). */
    static BinaryCode bitsAboveMedian(double[] coefficients) {
        double[] sorted = coefficients.clone();
        Arrays.sort(sorted);
        double median = sorted[(coefficients.length + 1) / 2 - 1];
        long[] words = new long[BITS / 64];
        for (int k = 0; k < coefficients.length; k++) {
            if (coefficients[k] > median) {
                words[k >>> 6] |= 1L << (k & 63);
            }
        }
        return BinaryCode.ofWords(BITS, words);
    }

    /**
     * The hex text of Meta's reference implementation: 64 digits, the 16-bit word holding bits 240..255
     * first. It is this code's bytes in reverse order.
     */
    public static String toMetaHex(BinaryCode code) {
        if (code.bits() != BITS) {
            throw new IllegalArgumentException("PDQ hashes have 256 bits, got " + code.bits());
        }
        return HEX.formatHex(reverse(code.toBytes()));
    }

    public static BinaryCode fromMetaHex(String hex) {
        if (hex.length() != BITS / 4) {
            throw new IllegalArgumentException("PDQ hex has 64 digits, got " + hex.length());
        }
        return BinaryCode.fromBytes(reverse(HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT))));
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
