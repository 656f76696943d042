package io.hashstream.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Loss values against numbers worked out by hand from the formulas. */
class HashLossTest {

    /** log(1 + e^x), the reference pair loss for a dissimilar pair. */
    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    private static float[] run(HashLoss loss, float[] h, int b, int k, PairWeights pw, boolean withGradient) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> hp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, k)));
            Placeholder<TFloat32> sp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
            Placeholder<TFloat32> wp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
            // the outputs pass through an op first, as in training (h = tanh(βz) there)
            Operand<TFloat32> hIn = tf.identity(hp);
            Operand<TFloat32> l = loss.build(tf, hIn, sp, wp);
            Output<?> grad = withGradient ? g.addGradients(l.asOutput(), new Output<?>[] {hIn.asOutput()})[0] : null;
            try (Session s = new Session(g);
                 TFloat32 ht = TFloat32.tensorOf(Shape.of(b, k), DataBuffers.of(h, true, false));
                 TFloat32 st = TFloat32.tensorOf(Shape.of(b, b), DataBuffers.of(pw.similarity(), true, false));
                 TFloat32 wt = TFloat32.tensorOf(Shape.of(b, b), DataBuffers.of(pw.weights(), true, false))) {
                Session.Runner r = s.runner().feed(hp, ht).feed(sp, st).feed(wp, wt).fetch(l);
                if (grad != null) {
                    r.fetch(grad);
                }
                try (Result res = r.run()) {
                    float[] out = new float[1 + (grad != null ? b * k : 0)];
                    out[0] = res.get(0).asRawTensor().data().asFloats().getFloat(0);
                    if (grad != null) {
                        res.get(1).asRawTensor().data().asFloats().read(out, 1, b * k);
                    }
                    return out;
                }
            }
        }
    }

    @Test
    void orthogonalSimilarPairCostsLogTwo() {
        float[] h = {0.5f, 0.5f, 0.5f, -0.5f};
        PairWeights pw = PairWeights.balanced(new int[] {3, 3});
        float loss = run(new HashLoss.HashNet(1f, 15f), h, 2, 2, pw, false)[0];
        // ip = 0 for both ordered pairs, each weighs 1/2: log(1 + e^0) - 1 * 0 = log 2
        assertThat(loss).isCloseTo((float) Math.log(2), within(1e-6f));
    }

    @Test
    void classImbalanceWeightsAverageEachSideSeparately() {
        // K = 1, α = 1, h = (1, 0.5, -1): ip01 = 0.5 (similar), ip02 = -1, ip12 = -0.5 (dissimilar)
        float[] h = {1f, 0.5f, -1f};
        int[] labels = {0, 0, 1};
        double l01 = softplus(0.5) - 0.5;
        double l02 = softplus(-1);
        double l12 = softplus(-0.5);

        PairWeights balanced = PairWeights.balanced(labels);
        assertThat(balanced.similarPairs()).isEqualTo(2);
        assertThat(balanced.dissimilarPairs()).isEqualTo(4);
        // |S| = 6: similar pairs weigh (6/2)/6 = 1/2, dissimilar (6/4)/6 = 1/4
        double expected = 0.5 * 2 * l01 + 0.25 * 2 * (l02 + l12);
        assertThat(run(new HashLoss.HashNet(1f, 15f), h, 3, 1, balanced, false)[0])
                .isCloseTo((float) expected, within(1e-6f));

        // fixed ratio 2: weights 2 and 1 over a total of 2*2 + 4 = 8
        PairWeights ratio = PairWeights.fixedRatio(labels, 2);
        double expectedRatio = (2 * 2 * l01 + 2 * (l02 + l12)) / 8;
        assertThat(run(new HashLoss.HashNet(1f, 15f), h, 3, 1, ratio, false)[0])
                .isCloseTo((float) expectedRatio, within(1e-6f));
    }

    @Test
    void largeInnerProductsUseTheLinearBranchWithoutOverflow() {
        // α = 50, h = (1, 1) for both images: ip = 100, e^100 overflows float32
        float[] h = {1f, 1f, 1f, 1f};
        HashLoss.HashNet loss = new HashLoss.HashNet(50f, 15f);
        float[] dissimilar = run(loss, h, 2, 2, PairWeights.balanced(new int[] {0, 1}), true);
        assertThat(dissimilar[0]).isEqualTo(100f); // ip * (1 - 0)
        float[] similar = run(loss, h, 2, 2, PairWeights.balanced(new int[] {0, 0}), true);
        assertThat(similar[0]).isEqualTo(0f); // ip * (1 - 1)
        // d/dh of the linear branch for a dissimilar pair: α * h_other per ordered pair, 1/2 weight each
        for (int i = 1; i < dissimilar.length; i++) {
            assertThat(dissimilar[i]).isFinite().isCloseTo(50f, within(1e-4f));
            assertThat(similar[i]).isFinite().isEqualTo(0f);
        }
        // just below the threshold the exponential branch applies: ip = 14 (α = 7)
        float below = run(new HashLoss.HashNet(7f, 15f), h, 2, 2, PairWeights.balanced(new int[] {0, 1}), false)[0];
        assertThat(below).isCloseTo((float) softplus(14), within(1e-5f));
    }

    @Test
    void dhnAddsTheSmoothQuantizationLoss() {
        // one image pair; quantization over u = (0.5, -1, 0 | 1, 1, 1)
        float[] h = {0.5f, -1f, 0f, 1f, 1f, 1f};
        PairWeights pw = PairWeights.balanced(new int[] {0, 1});
        float alpha = 0.5f;
        double ip = alpha * (0.5 - 1 + 0);
        double pair = softplus(ip);
        // log cosh(|u| - 1): log cosh(-0.5), log cosh(0), log cosh(-1), then three zeros; mean over 6
        double quant = (Math.log(Math.cosh(0.5)) + 0 + Math.log(Math.cosh(1))) / 6;
        float lambda = 0.7f;
        float got = run(new HashLoss.Dhn(alpha, 15f, lambda), h, 2, 3, pw, false)[0];
        assertThat(got).isCloseTo((float) (pair + lambda * quant), within(1e-6f));
        float pairOnly = run(new HashLoss.HashNet(alpha, 15f), h, 2, 3, pw, false)[0];
        assertThat(pairOnly).isCloseTo((float) pair, within(1e-6f));
    }

    @Test
    void pairWeightsSkipTheDiagonalAndEmptySides() {
        PairWeights allDifferent = PairWeights.balanced(new int[] {0, 1, 2, 3});
        assertThat(allDifferent.similarPairs()).isZero();
        assertThat(allDifferent.dissimilarPairs()).isEqualTo(12);
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            assertThat(allDifferent.weights()[i * 4 + i]).isZero();
            assertThat(allDifferent.similarity()[i * 4 + i]).isZero();
        }
        for (float w : allDifferent.weights()) {
            sum += w;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-6));
        assertThat(HashLoss.defaultAlpha(64)).isEqualTo(10f / 64);
    }
}
