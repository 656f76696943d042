package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a decoded image into the floats a model reads: resize to {@link ModelInput#width()} ×
 * {@link ModelInput#height()} (the whole image, aspect ratio not kept), channels, normalization; NHWC
 * order (row by row, pixel by pixel, channel innermost: R, G, B).
 *
 * <p>Steps, all in fixed order so that identical input gives bit-identical output on every run and
 * every machine (Java float arithmetic is strict since 17): pixels as 8-bit RGB with alpha over white
 * ({@link RgbRows}); for 1 channel, luminance {@code 0.299 R + 0.587 G + 0.114 B} per source pixel,
 * rounded to 8 bits (exactly what converting to an 8-bit grayscale image first would give);
 * separable resize (area averaging when shrinking, bilinear when enlarging), horizontal pass then
 * vertical; round to the nearest 8-bit level; {@link ModelInput.Normalization}. Rounding to 8 bits
 * makes the result what a resized 8-bit image would give, and keeps tiny float differences out.
 *
 * <p>Training and serving both reach this class through {@link ImagePipeline}; change anything here and
 * {@link #VERSION} must change, so that models record what their inputs were.
 *
 * <p>Stateless and thread-safe.
 */
public final class Preprocessor {

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
        float[] levels = levelsFor(in);
        requireRoom(in, dst, offset);
        int channels = in.channels();
        int outW = in.width();
        int outH = in.height();
        RgbRows rows = new RgbRows(img);
        int srcW = (rows.width() + stepX - 1) / stepX;
        int srcH = (rows.height() + stepY - 1) / stepY;
        ResampleWeights wx = ResampleWeights.of(srcW, outW);
        ResampleWeights wy = ResampleWeights.of(srcH, outH);
        int kx = wx.boxFactor(srcW);
        int ky = wy.boxFactor(srcH);
        if (kx > 0 && ky > 0) {
            boxShrink(rows, stepX, stepY, kx, ky, channels, outW, outH, levels, dst, offset);
            return;
        }

        // One pass over the source rows: each row is read straight into channel floats, resampled
        // horizontally, and its weighted copy added to every output row that uses it, accumulating in dst
        // itself. Source rows come in increasing order, so each output's taps are added in the same order
        // (t = 0, 1, ...) as a separate vertical pass would add them: the sums are bit-identical, without a
        // buffer of all horizontally resampled rows.
        int rowLen = outW * channels;
        int end = offset + outH * rowLen;
        Arrays.fill(dst, offset, end, 0f);
        int[] line = new int[srcW * channels];
        float[] horizontal = new float[rowLen];
        int firstOpen = 0; // outputs before it have all their taps
        for (int y = 0; y < srcH; y++) {
            while (firstOpen < outH && wy.start[firstOpen] + wy.count[firstOpen] <= y) {
                firstOpen++;
            }
            if (firstOpen == outH || wy.start[firstOpen] > y) {
                continue; // no output reads this row (starts only grow)
            }
            rows.readSamples(y * stepY, stepX, srcW, channels, line);
            if (channels == 3) {
                resampleRgbRow(line, wx, horizontal);
            } else {
                resampleGrayRow(line, wx, horizontal);
            }
            for (int oy = firstOpen; oy < outH && wy.start[oy] <= y; oy++) {
                int t = y - wy.start[oy];
                if (t < wy.count[oy]) {
                    float w = wy.weights[oy * wy.taps + t];
                    int out = offset + oy * rowLen;
                    for (int i = 0; i < rowLen; i++) {
                        dst[out + i] += w * horizontal[i];
                    }
                }
            }
        }
        // 8-bit rounding and normalization.
        for (int i = offset; i < end; i++) {
            dst[i] = levels[toByte(dst[i])];
        }
    }

    /**
     * The resize when both axes shrink by a power-of-two factor (the pipeline's usual case: a 256×256
     * JPEG to a 64×64 model): each output is the sum of its {@code kx × ky} 8-bit samples in integers,
     * rounded as {@code (sum + K/2) >> log2 K}. Bit-identical to the weighted float sums (see
     * {@link ResampleWeights#boxFactor}), at a fraction of the cost: no float per source sample.
     */
    private static void boxShrink(RgbRows rows, int stepX, int stepY, int kx, int ky, int channels, int outW,
            int outH, float[] levels, float[] dst, int offset) {
        int rowLen = outW * channels;
        int shift = Integer.numberOfTrailingZeros(kx) + Integer.numberOfTrailingZeros(ky);
        int half = (1 << shift) >> 1;
        int[] sums = new int[rowLen];
        for (int oy = 0; oy < outH; oy++) {
            Arrays.fill(sums, 0);
            for (int dy = 0; dy < ky; dy++) {
                rows.addBoxRow((oy * ky + dy) * stepY, stepX, kx, channels, sums);
            }
            boxMeans(sums, rowLen, shift, half, levels, dst, offset + oy * rowLen);
        }
    }

    /** Rounded box means {@code (sum + K/2) >> log2 K} as normalized levels: the box shrink's last step. */
    private static void boxMeans(int[] sums, int length, int shift, int half, float[] levels, float[] dst, int offset) {
        for (int i = 0; i < length; i++) {
            dst[offset + i] = levels[(sums[i] + half) >>> shift];
        }
    }

    /**
     * {kx, ky} when a {@code srcW × srcH} image (after the decoder's subsampling) reaches the model's size
     * by the integer box shrink, null when the float resize is needed.
     */
    static int[] boxFactors(int srcW, int srcH, ModelInput in) {
        int kx = ResampleWeights.boxFactor(srcW, in.width());
        int ky = ResampleWeights.boxFactor(srcH, in.height());
        return kx > 0 && ky > 0 ? new int[] {kx, ky} : null;
    }

    /** The 256 normalized levels an 8-bit sample becomes in {@code in}'s model input (after a version check). */
    static float[] levelsFor(ModelInput in) {
        checkVersion(in);
        return levels(in.normalization());
    }

    /** Throws unless {@code dst} has room for {@code in}'s floats at {@code offset}. */
    static void requireRoom(ModelInput in, float[] dst, int offset) {
        if (offset < 0 || dst.length - offset < in.floatsPerImage()) {
            throw new IllegalArgumentException("dst has no room for " + in.floatsPerImage() + " floats at " + offset);
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

    /*
     * Samples come as 8-bit ints and become floats by table lookup, not by conversion: per sample the
     * conversion was most of the cost (HotSpot's cvtsi2ss chains each iteration to the last through its
     * destination register). SAMPLE[v] is exactly (float) v, so the sums are the same bits.
     */
    private static final float[] SAMPLE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            SAMPLE[v] = v;
        }
    }

    /** Horizontal pass for RGB: per output pixel, the three channel sums over the same taps, each in tap order. */
    private static void resampleRgbRow(int[] line, ResampleWeights wx, float[] dst) {
        int[] start = wx.start;
        int[] count = wx.count;
        float[] weights = wx.weights;
        int taps = wx.taps;
        for (int ox = 0, o = 0; ox < wx.dst; ox++, o += 3) {
            int s = start[ox] * 3;
            int wi = ox * taps;
            int n = count[ox];
            float r = 0f;
            float g = 0f;
            float b = 0f;
            for (int t = 0; t < n; t++, s += 3) {
                float w = weights[wi + t];
                r += w * SAMPLE[line[s]];
                g += w * SAMPLE[line[s + 1]];
                b += w * SAMPLE[line[s + 2]];
            }
            dst[o] = r;
            dst[o + 1] = g;
            dst[o + 2] = b;
        }
    }

    private static void resampleGrayRow(int[] line, ResampleWeights wx, float[] dst) {
        int[] start = wx.start;
        int[] count = wx.count;
        float[] weights = wx.weights;
        int taps = wx.taps;
        for (int ox = 0; ox < wx.dst; ox++) {
            int s = start[ox];
            int wi = ox * taps;
            int n = count[ox];
            float sum = 0f;
            for (int t = 0; t < n; t++) {
                sum += weights[wi + t] * SAMPLE[line[s + t]];
            }
            dst[ox] = sum;
        }
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
