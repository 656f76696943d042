package io.hashstream.training.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * HashNet's / DHN's weighted pairwise cross-entropy: for every pair, ip = α·⟨h_i, h_j⟩ and
 * L = log(1 + e^ip) − s·ip, computed as the reference code does: ip·(1 − s) when ip exceeds the
 * threshold (15), where log(1 + e^ip) equals ip to float precision. The exponential is taken of
 * min(ip, threshold) so the branch that is not selected never produces inf (whose gradient, masked
 * by 0, would still be NaN). The branch mask is computed from stopGradient(ip).
 */
public final class PairwiseLikelihood {
    public static final float DEFAULT_THRESHOLD = 15f;

    private PairwiseLikelihood() {
    }

    /**
     * @param h outputs [B, K]
     * @param similarity s [B, B]
     * @param weights w [B, B] including normalization ({@link PairWeights})
     * @return the scalar sum(w ⊙ L)
     */
    public static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> h, Operand<TFloat32> similarity,
                                         Operand<TFloat32> weights, float alpha, float threshold) {
        Operand<TFloat32> ip = tf.math.mul(tf.constant(alpha), tf.linalg.matMul(h, h, MatMul.transposeB(true)));
        Operand<TFloat32> t = tf.constant(threshold);
        Operand<TFloat32> large = tf.dtypes.cast(tf.math.greater(tf.stopGradient(ip), t), TFloat32.class);
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> dotLoss = tf.math.mul(ip, tf.math.sub(one, similarity));
        Operand<TFloat32> expLoss = tf.math.sub(tf.math.log1p(tf.math.exp(tf.math.minimum(ip, t))),
                tf.math.mul(similarity, ip));
        Operand<TFloat32> pairLoss = tf.math.add(tf.math.mul(large, dotLoss),
                tf.math.mul(tf.math.sub(one, large), expLoss));
        return tf.reduceSum(tf.math.mul(weights, pairLoss), tf.constant(new int[] {0, 1}));
    }
}
