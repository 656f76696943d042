package io.hashstream.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ModelInput;
import io.hashstream.image.ModelInput.Normalization;
import io.hashstream.model.TfThreads;
import io.hashstream.training.loss.HashLoss;
import io.hashstream.training.loss.PairWeights;
import io.hashstream.training.net.Backbone;
import io.hashstream.training.net.SmallCnn;
import io.hashstream.training.net.ThumbnailCnn;
import io.hashstream.training.net.WeightValues;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingGraphTest {
    private static final TfThreads THREADS = TfThreads.wholeMachine();

    private static float[] randomImages(Random r, int n, ModelInput in) {
        float[] x = new float[n * in.floatsPerImage()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    private static void assertEveryGradientFiniteAndNonZero(Backbone backbone, HashLoss loss, int bits) {
        Random r = new Random(3);
        int n = 12;
        float[] x = randomImages(r, n, backbone.input());
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        try (TrainingGraph g = new TrainingGraph(backbone, bits, loss, OptimizerSpec.adam(1e-3f), 1, THREADS)) {
            TrainingGraph.Evaluation e = g.evaluate(x, n, 1.5f, PairWeights.balanced(labels), true);
            assertThat(e.loss()).isFinite().isPositive();
            assertThat(e.gradients().keySet()).containsExactlyElementsOf(g.weights().names());
            Map<String, WeightValues> w = g.trainedWeights();
            for (Map.Entry<String, float[]> grad : e.gradients().entrySet()) {
                float[] v = grad.getValue();
                assertThat(v).as(grad.getKey()).hasSize(w.get(grad.getKey()).values().length);
                double norm = 0;
                for (float f : v) {
                    assertThat(f).as(grad.getKey()).isFinite();
                    norm += (double) f * f;
                }
                assertThat(norm).as("squared gradient norm of " + grad.getKey()).isGreaterThan(0);
            }
        }
    }

    @Test
    void smallCnnHashNetGradientsReachEveryWeight() {
        var in = new ModelInput(28, 28, 1, Normalization.ZERO_ONE, 1);
        assertEveryGradientFiniteAndNonZero(new SmallCnn(in, 32), new HashLoss.HashNet(HashLoss.defaultAlpha(16), 15f), 16);
    }

    @Test
    void thumbnailCnnDhnGradientsReachEveryWeight() {
        var in = new ModelInput(32, 32, 3, Normalization.ZERO_ONE, 1);
        assertEveryGradientFiniteAndNonZero(new ThumbnailCnn(in, List.of(8, 16), 16),
                new HashLoss.Dhn(HashLoss.defaultAlpha(32), 15f, 1f), 32);
    }

    @Test
    void thumbnailCnnWithASpatialGridGradientsReachEveryWeight() {
        var in = new ModelInput(32, 32, 3, Normalization.ZERO_ONE, 1);
        // 32 / 2^2 = 8x8 last map, pooled to 2x2 and flattened: the fc layer sees 2*2*16 features
        ThumbnailCnn cnn = new ThumbnailCnn(in, List.of(8, 16), 16, 2, true);
        assertThat(cnn.name()).isEqualTo("thumbnail-cnn(standardized,8-16,grid2,fc16)");
        assertEveryGradientFiniteAndNonZero(cnn, new HashLoss.HashNet(HashLoss.defaultAlpha(32), 15f), 32);
    }

    @Test
    void thumbnailCnnGridMustDivideTheLastFeatureMap() {
        var in = new ModelInput(32, 32, 3, Normalization.ZERO_ONE, 1);
        assertThatThrownBy(() -> new ThumbnailCnn(in, List.of(8, 16), 16, 3, false)).hasMessageContaining("grid 3");
        assertThat(new ThumbnailCnn(in, List.of(8, 16), 16).grid()).isEqualTo(1);
    }

    @Test
    void stepsLowerTheLossOnAFixedBatch() {
        var in = new ModelInput(28, 28, 1, Normalization.ZERO_ONE, 1);
        Random r = new Random(9);
        int n = 16;
        float[] x = randomImages(r, n, in);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
        }
        PairWeights pw = PairWeights.balanced(labels);
        // SGD starts slowly (outputs near 0 give small gradients); Adam rescales them. Adam's ratio after 30
        // steps is not repeatable (TensorFlow's CPU reductions are not, and Adam magnifies tiny gradient
        // differences early): 0.68-0.69 in repeated runs, 0.83 and 0.935 in two clean-clone CI runs. After
        // 90 steps the drop is far past the 10 % bar (0.23 here), which still fails an optimizer that does not
        // learn. Momentum keeps its 30 steps: it oscillates, and was back at 0.999 after 90.
        Map<OptimizerSpec, Float> requiredRatio = Map.of(OptimizerSpec.adam(1e-3f), 0.9f,
                OptimizerSpec.momentum(0.05f, 0.9f), 0.99f);
        Map<OptimizerSpec.Kind, Integer> steps = Map.of(OptimizerSpec.Kind.ADAM, 90, OptimizerSpec.Kind.MOMENTUM, 30);
        for (OptimizerSpec opt : requiredRatio.keySet()) {
            try (TrainingGraph g = new TrainingGraph(new SmallCnn(in, 32), 16,
                    new HashLoss.HashNet(HashLoss.defaultAlpha(16), 15f), opt, 1, THREADS)) {
                float before = g.loss(x, n, 1f, pw);
                for (int i = 0; i < steps.get(opt.kind()); i++) {
                    g.step(x, n, 1f, pw);
                }
                float after = g.loss(x, n, 1f, pw);
                System.out.printf("%s: loss %.4f -> %.4f (ratio %.3f)%n", opt.kind(), before, after, after / before);
                assertThat(after).as(opt.kind().name()).isLessThan(before * requiredRatio.get(opt));
            }
        }
    }

    /**
     * The graph's loss is the loss of the papers on tanh(β·z): recomputed here in Java from the graph's own
     * activations z, for two values of β, for HashNet and for DHN (with its quantization term). Fails if β
     * or tanh were not applied, the similarity and weight feeds were swapped, or the terms were combined
     * otherwise.
     */
    @Test
    void theLossIsThePairwiseLikelihoodOfTanhBetaZ() {
        var in = new ModelInput(28, 28, 1, Normalization.ZERO_ONE, 1);
        int bits = 16;
        int n = 10;
        float[] x = randomImages(new Random(12), n, in);
        int[] labels = {0, 1, 0, 2, 1, 0, 2, 2, 1, 0};
        PairWeights pw = PairWeights.balanced(labels);
        float alpha = HashLoss.defaultAlpha(bits);
        float lambda = 0.3f;
        for (HashLoss loss : List.of(new HashLoss.HashNet(alpha, 15f), new HashLoss.Dhn(alpha, 15f, lambda))) {
            try (TrainingGraph g = new TrainingGraph(new SmallCnn(in, 32), bits, loss, OptimizerSpec.adam(1e-3f), 4, THREADS)) {
                float[] z = g.activations(x, n);
                for (float beta : new float[] {1f, 2.5f}) {
                    double[] h = new double[z.length];
                    for (int i = 0; i < z.length; i++) {
                        h[i] = Math.tanh(beta * z[i]);
                    }
                    double expected = 0;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            double dot = 0;
                            for (int k = 0; k < bits; k++) {
                                dot += h[i * bits + k] * h[j * bits + k];
                            }
                            double ip = alpha * dot;
                            double s = pw.similarity()[i * n + j];
                            double pair = ip > 15 ? ip * (1 - s) : Math.log1p(Math.exp(ip)) - s * ip;
                            expected += pw.weights()[i * n + j] * pair;
                        }
                    }
                    if (loss instanceof HashLoss.Dhn) {
                        double q = 0;
                        for (double v : h) {
                            q += Math.log(Math.cosh(Math.abs(v) - 1));
                        }
                        expected += lambda * q / h.length;
                    }
                    assertThat((double) g.loss(x, n, beta, pw)).as(loss + " at beta " + beta)
                            .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-4 * Math.max(1, Math.abs(expected))));
                }
            }
        }
    }

    /**
     * The seed fixes the initial weights (and the batch order); TensorFlow's multithreaded CPU
     * gradients are not bitwise deterministic, so trained weights agree only to float noise.
     */
    @Test
    void theSeedFixesTheInitialWeights() {
        var in = new ModelInput(28, 28, 1, Normalization.ZERO_ONE, 1);
        HashLoss loss = new HashLoss.HashNet(HashLoss.defaultAlpha(16), 15f);
        try (TrainingGraph a = new TrainingGraph(new SmallCnn(in, 16), 16, loss, OptimizerSpec.adam(1e-3f), 4, THREADS);
             TrainingGraph b = new TrainingGraph(new SmallCnn(in, 16), 16, loss, OptimizerSpec.adam(1e-3f), 4, THREADS);
             TrainingGraph c = new TrainingGraph(new SmallCnn(in, 16), 16, loss, OptimizerSpec.adam(1e-3f), 5, THREADS)) {
            Map<String, WeightValues> wa = a.trainedWeights();
            Map<String, WeightValues> wb = b.trainedWeights();
            for (String name : wa.keySet()) {
                assertThat(wb.get(name).values()).as(name).containsExactly(wa.get(name).values());
            }
            assertThat(c.trainedWeights().get("conv1_w").values()).isNotEqualTo(wa.get("conv1_w").values());
        }
        assertThat(io.hashstream.training.data.Dataset.permutation(100, 9))
                .containsExactly(io.hashstream.training.data.Dataset.permutation(100, 9));
    }

    @Test
    void continuationFollowsTheSchedule() {
        Continuation c = Continuation.hashNet();
        assertThat(c.beta(0)).isEqualTo(1f);
        assertThat(c.beta(199)).isEqualTo(1f);
        assertThat(c.beta(200)).isEqualTo((float) Math.sqrt(2));
        assertThat(c.beta(1399)).isEqualTo((float) Math.sqrt(1 + 0.005 * 1200));
        assertThat(Continuation.none().beta(100_000)).isEqualTo(1f);
    }
}
