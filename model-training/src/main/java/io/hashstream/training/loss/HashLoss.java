package io.hashstream.training.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The training objective of a hashing method, on the continuous outputs h = tanh(β·z). */
public sealed interface HashLoss {

    /** The scalar loss; {@code similarity} and {@code weights} come from {@link PairWeights}. */
    Operand<TFloat32> build(Ops tf, Operand<TFloat32> h, Operand<TFloat32> similarity, Operand<TFloat32> weights);

    /** α = 10/K, HashNet's default. */
    static float defaultAlpha(int bits) {
        return 10f / bits;
    }

    /** HashNet: the weighted pairwise likelihood alone (binarization comes from the continuation). */
    record HashNet(float alpha, float threshold) implements HashLoss {
        @Override
        public Operand<TFloat32> build(Ops tf, Operand<TFloat32> h, Operand<TFloat32> s, Operand<TFloat32> w) {
            return PairwiseLikelihood.loss(tf, h, s, w, alpha, threshold);
        }
    }

    /** DHN: the same pairwise likelihood + λ · quantization loss. */
    record Dhn(float alpha, float threshold, float lambda) implements HashLoss {
        @Override
        public Operand<TFloat32> build(Ops tf, Operand<TFloat32> h, Operand<TFloat32> s, Operand<TFloat32> w) {
            return tf.math.add(PairwiseLikelihood.loss(tf, h, s, w, alpha, threshold),
                    tf.math.mul(tf.constant(lambda), QuantizationLoss.loss(tf, h)));
        }
    }
}
