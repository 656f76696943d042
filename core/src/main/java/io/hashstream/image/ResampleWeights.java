package io.hashstream.image;

/**
 * Per-axis filter taps for resizing {@code src} samples to {@code dst} samples. Shrinking uses exact
 * area averaging (each output sample is the mean of the source interval it covers, partial pixels
 * weighted by coverage), so every source pixel counts and nothing aliases; enlarging uses bilinear
 * interpolation between pixel centres. Weights are computed in double with fixed formulas and sum to 1,
 * so the same sizes always give the same floats.
 */
final class ResampleWeights {
    final int dst;
    final int taps;
    /** First source index of output i. */
    final int[] start;
    /** Number of taps used by output i (at most {@link #taps}). */
    final int[] count;
    /** Weight of tap t of output i at {@code [i * taps + t]}. */
    final float[] weights;

    private ResampleWeights(int dst, int taps) {
        this.dst = dst;
        this.taps = taps;
        this.start = new int[dst];
        this.count = new int[dst];
        this.weights = new float[dst * taps];
    }

    static ResampleWeights of(int src, int dst) {
        if (src <= 0 || dst <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + src + " -> " + dst);
        }
        return src >= dst ? area(src, dst) : bilinear(src, dst);
    }

    /**
     * {@code k} when every output is the plain mean of its own {@code k} source samples ({@code src = k · dst},
     * output i reads samples {@code [k·i, k·i + k)}, each with weight exactly {@code 1/k}) and {@code k} is a
     * power of two up to {@link #MAX_BOX}; otherwise 0. For such weights float arithmetic is exact: every
     * product and partial sum is a multiple of {@code 1/k} (of {@code 1/(kx·ky)} after both passes) below
     * 256, which a float holds without rounding. So integer sums give the very floats the weighted sums
     * give, in any order, and {@link Preprocessor} can take the integer path without changing a bit.
     */
    int boxFactor(int src) {
        if (src % dst != 0) {
            return 0;
        }
        int k = src / dst;
        if (k > MAX_BOX || Integer.bitCount(k) != 1) {
            return 0;
        }
        float w = 1f / k;
        for (int i = 0; i < dst; i++) {
            if (start[i] != i * k || count[i] != k) {
                return 0;
            }
            for (int t = 0; t < k; t++) {
                if (weights[i * taps + t] != w) {
                    return 0;
                }
            }
        }
        return k;
    }

    /**
     * {@code of(src, dst).boxFactor(src)} without making the weights: for {@code src = k · dst} the area
     * formula's interval ends are integers, so output i covers samples {@code [k·i, k·i + k)} wholly and each
     * weight is {@code 1/k}, exact in float for a power of two. The pipeline asks this once per image.
     */
    static int boxFactor(int src, int dst) {
        if (src <= 0 || dst <= 0 || src % dst != 0) {
            return 0;
        }
        int k = src / dst;
        return k <= MAX_BOX && Integer.bitCount(k) == 1 ? k : 0;
    }

    /** Largest box factor per axis: 64 × 64 samples of at most 255 sum below 2^20, far inside a float's 24 bits. */
    static final int MAX_BOX = 64;

    private static ResampleWeights area(int src, int dst) {
        double scale = (double) src / dst;
        ResampleWeights w = new ResampleWeights(dst, (int) Math.ceil(scale) + 1);
        double[] tmp = new double[w.taps];
        for (int i = 0; i < dst; i++) {
            double lo = i * scale;
            double hi = Math.min(src, (i + 1) * scale);
            int first = (int) Math.floor(lo);
            int last = Math.min(src - 1, (int) Math.ceil(hi) - 1);
            int n = 0;
            double sum = 0;
            for (int j = first; j <= last; j++) {
                double cover = Math.min(hi, j + 1) - Math.max(lo, j);
                tmp[n++] = cover;
                sum += cover;
            }
            w.start[i] = first;
            w.count[i] = n;
            for (int t = 0; t < n; t++) {
                w.weights[i * w.taps + t] = (float) (tmp[t] / sum);
            }
        }
        return w;
    }

    private static ResampleWeights bilinear(int src, int dst) {
        ResampleWeights w = new ResampleWeights(dst, 2);
        double scale = (double) src / dst;
        for (int i = 0; i < dst; i++) {
            double centre = (i + 0.5) * scale - 0.5;
            int j0 = (int) Math.floor(centre);
            double f = centre - j0;
            if (j0 < 0) {
                j0 = 0;
                f = 0;
            }
            if (j0 >= src - 1) {
                j0 = src - 1;
                f = 0;
            }
            w.start[i] = j0;
            if (f == 0) {
                w.count[i] = 1;
                w.weights[i * 2] = 1f;
            } else {
                w.count[i] = 2;
                w.weights[i * 2] = (float) (1 - f);
                w.weights[i * 2 + 1] = (float) f;
            }
        }
        return w;
    }
}
