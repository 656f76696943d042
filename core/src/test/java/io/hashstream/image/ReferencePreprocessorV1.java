package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Test-only snapshot of {@link Preprocessor} version 1 exactly as it was before the speed work (commit
 * b3c31d4): the straightforward implementation (pack every row to 0xRRGGBB, unpack to floats, resample
 * into a full-height buffer, then the vertical pass). {@code PreprocessorEquivalenceTest} holds the
 * optimized {@link Preprocessor} to bit-identical output against it, and the benchmarks measure the
 * speed-up against it. Never change its arithmetic: it defines what version 1 means.
 */
public final class ReferencePreprocessorV1 {

    /** Version of this preprocessing; models record it in {@link ModelInput#preprocessingVersion()}. */
    public static final int VERSION = 1;

    /**
     * Writes {@code in.floatsPerImage()} floats for {@code img} into {@code dst} at {@code offset}.
     *
     * @throws IllegalArgumentException if {@code in} was made for another preprocessing version
     */
    public void preprocess(BufferedImage img, ModelInput in, float[] dst, int offset) {
        preprocess(img, in, dst, offset, 1, 1);
    }

    /**
     * As {@link #preprocess(BufferedImage, ModelInput, float[], int)} on the image subsampled in memory
     * exactly as ImageIO's source subsampling does (every {@code stepX}-th column from 0, every
     * {@code stepY}-th row from 0), so an image decoded at full size gives what a subsampled decode gives.
     */
    void preprocess(BufferedImage img, ModelInput in, float[] dst, int offset, int stepX, int stepY) {
        Objects.requireNonNull(img, "img");
        checkVersion(in);
        if (offset < 0 || dst.length - offset < in.floatsPerImage()) {
            throw new IllegalArgumentException("dst has no room for " + in.floatsPerImage() + " floats at " + offset);
        }
        float[] levels = levels(in.normalization());
        int channels = in.channels();
        int outW = in.width();
        int outH = in.height();
        ReferenceRgbRowsV1 rows = new ReferenceRgbRowsV1(img);
        int srcW = (rows.width() + stepX - 1) / stepX;
        int srcH = (rows.height() + stepY - 1) / stepY;
        ReferenceResampleWeightsV1 wx = ReferenceResampleWeightsV1.of(srcW, outW);
        ReferenceResampleWeightsV1 wy = ReferenceResampleWeightsV1.of(srcH, outH);

        // Horizontal pass: every source row -> outW samples (only the rows the vertical taps use).
        int rowLen = outW * channels;
        float[] horizontal = new float[srcH * rowLen];
        boolean[] needed = rowsUsed(wy, srcH);
        int[] packed = new int[rows.width()];
        float[] line = new float[srcW * channels];
        for (int y = 0; y < srcH; y++) {
            if (!needed[y]) {
                continue;
            }
            rows.read(y * stepY, packed);
            toChannels(packed, stepX, srcW, channels, line);
            resampleRow(line, channels, wx, horizontal, y * rowLen);
        }

        // Vertical pass, then 8-bit rounding and normalization.
        float[] acc = new float[rowLen];
        for (int oy = 0; oy < outH; oy++) {
            java.util.Arrays.fill(acc, 0f);
            int first = wy.start[oy];
            for (int t = 0; t < wy.count[oy]; t++) {
                float w = wy.weights[oy * wy.taps + t];
                int src = (first + t) * rowLen;
                for (int i = 0; i < rowLen; i++) {
                    acc[i] += w * horizontal[src + i];
                }
            }
            int out = offset + oy * rowLen;
            for (int i = 0; i < rowLen; i++) {
                dst[out + i] = levels[toByte(acc[i])];
            }
        }
    }

    /** A new array of {@code in.floatsPerImage()} floats for {@code img}. */
    public float[] preprocess(BufferedImage img, ModelInput in) {
        float[] out = new float[in.floatsPerImage()];
        preprocess(img, in, out, 0);
        return out;
    }

    /** Decode (with {@code decoder}) then {@link #preprocess(BufferedImage, ModelInput, float[], int)}. */
    public float[] preprocess(byte[] encoded, SafeImageDecoder decoder, ModelInput in) throws ImageRejectedException {
        checkVersion(in);
        float[] out = new float[in.floatsPerImage()];
        preprocess(decoder.decode(encoded), in, out, 0);
        return out;
    }

    /** Luminance as {@link #preprocess} computes it for one pixel, before rounding to 8 bits and resizing. */
    public static float luminance(int r, int g, int b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    private static void checkVersion(ModelInput in) {
        if (in.preprocessingVersion() != VERSION) {
            throw new IllegalArgumentException("model expects preprocessing version " + in.preprocessingVersion()
                    + ", this code is version " + VERSION);
        }
    }

    private static void toChannels(int[] packed, int step, int w, int channels, float[] line) {
        if (channels == 1) {
            for (int x = 0; x < w; x++) {
                int p = packed[x * step];
                line[x] = (int) (luminance((p >>> 16) & 0xFF, (p >>> 8) & 0xFF, p & 0xFF) + 0.5f);
            }
        } else {
            for (int x = 0, i = 0; x < w; x++, i += 3) {
                int p = packed[x * step];
                line[i] = (p >>> 16) & 0xFF;
                line[i + 1] = (p >>> 8) & 0xFF;
                line[i + 2] = p & 0xFF;
            }
        }
    }

    private static void resampleRow(float[] line, int channels, ReferenceResampleWeightsV1 wx, float[] dst, int at) {
        for (int ox = 0; ox < wx.dst; ox++) {
            int first = wx.start[ox] * channels;
            int wi = ox * wx.taps;
            for (int c = 0; c < channels; c++) {
                float sum = 0f;
                for (int t = 0, s = first + c; t < wx.count[ox]; t++, s += channels) {
                    sum += wx.weights[wi + t] * line[s];
                }
                dst[at + ox * channels + c] = sum;
            }
        }
    }

    private static boolean[] rowsUsed(ReferenceResampleWeightsV1 wy, int srcH) {
        boolean[] used = new boolean[srcH];
        for (int i = 0; i < wy.dst; i++) {
            for (int t = 0; t < wy.count[i]; t++) {
                used[wy.start[i] + t] = true;
            }
        }
        return used;
    }

    private static int toByte(float v) {
        int i = (int) (v + 0.5f);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    private static final float[][] LEVELS = new float[ModelInput.Normalization.values().length][];

    static {
        for (ModelInput.Normalization n : ModelInput.Normalization.values()) {
            float[] l = new float[256];
            for (int s = 0; s < 256; s++) {
                l[s] = n.apply(s);
            }
            LEVELS[n.ordinal()] = l;
        }
    }

    private static float[] levels(ModelInput.Normalization n) {
        return LEVELS[n.ordinal()];
    }
}
