package io.hashstream.training.loss;

/**
 * Similarity s_ij (1 when images i and j share a label) and per-pair weights w_ij over all ordered
 * pairs i != j of a minibatch, as dense row-major [B, B] matrices fed to the loss graph. The
 * weights already include the normalization, so the loss is simply sum(w * L).
 *
 * <ul>
 *   <li>{@link #balanced}: HashNet's class-imbalance weights |S|/|S1| for similar and |S|/|S0| for
 *       dissimilar pairs, averaged over |S|: the loss is mean(L over S1) + mean(L over S0).
 *   <li>{@link #fixedRatio}: similar pairs weigh {@code ratio}, dissimilar 1, normalized by the
 *       total weight.
 * </ul>
 */
public record PairWeights(int batch, float[] similarity, float[] weights, int similarPairs, int dissimilarPairs) {

    public static PairWeights balanced(int[] labels) {
        return build(labels, Double.NaN);
    }

    public static PairWeights fixedRatio(int[] labels, double ratio) {
        if (!(ratio > 0)) {
            throw new IllegalArgumentException("similar/dissimilar weight ratio must be > 0, got " + ratio);
        }
        return build(labels, ratio);
    }

    private static PairWeights build(int[] labels, double ratio) {
        int b = labels.length;
        if (b < 2) {
            throw new IllegalArgumentException("need at least 2 images for pairs, got " + b);
        }
        float[] s = new float[b * b];
        int similar = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                if (i != j && labels[i] == labels[j]) {
                    s[i * b + j] = 1f;
                    similar++;
                }
            }
        }
        int all = b * (b - 1);
        int dissimilar = all - similar;
        double wSimilar;
        double wDissimilar;
        if (Double.isNaN(ratio)) {
            // (|S|/|S1|) / |S| = 1/|S1|; a side without pairs contributes nothing.
            wSimilar = similar == 0 ? 0 : 1.0 / similar;
            wDissimilar = dissimilar == 0 ? 0 : 1.0 / dissimilar;
        } else {
            double total = ratio * similar + dissimilar;
            wSimilar = ratio / total;
            wDissimilar = 1.0 / total;
        }
        float[] w = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                if (i != j) {
                    w[i * b + j] = (float) (s[i * b + j] == 1f ? wSimilar : wDissimilar);
                }
            }
        }
        return new PairWeights(b, s, w, similar, dissimilar);
    }
}
