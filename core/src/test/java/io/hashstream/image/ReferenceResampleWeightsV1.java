package io.hashstream.image;

/** Test-only snapshot of {@code ResampleWeights} as {@link ReferencePreprocessorV1} used it; see there. */
final class ReferenceResampleWeightsV1 {
    final int dst;
    final int taps;
    /** First source index of output i. */
    final int[] start;
    /** Number of taps used by output i (at most {@link #taps}). */
    final int[] count;
    /** Weight of tap t of output i at {@code [i * taps + t]}. */
    final float[] weights;

    private ReferenceResampleWeightsV1(int dst, int taps) {
        this.dst = dst;
        this.taps = taps;
        this.start = new int[dst];
        this.count = new int[dst];
        this.weights = new float[dst * taps];
    }

    static ReferenceResampleWeightsV1 of(int src, int dst) {
        if (src <= 0 || dst <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + src + " -> " + dst);
        }
        return src >= dst ? area(src, dst) : bilinear(src, dst);
    }

    private static ReferenceResampleWeightsV1 area(int src, int dst) {
        double scale = (double) src / dst;
        ReferenceResampleWeightsV1 w = new ReferenceResampleWeightsV1(dst, (int) Math.ceil(scale) + 1);
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

    private static ReferenceResampleWeightsV1 bilinear(int src, int dst) {
        ReferenceResampleWeightsV1 w = new ReferenceResampleWeightsV1(dst, 2);
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
