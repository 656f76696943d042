package io.hashstream.training.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * DHN's smooth quantization loss: the mean over images and bits of log cosh(|u| − 1), which pulls
 * each output towards ±1 (the paper sums; the mean keeps λ independent of batch size and K).
 */
public final class QuantizationLoss {
    private QuantizationLoss() {
    }

    public static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> u) {
        Operand<TFloat32> gap = tf.math.sub(tf.math.abs(u), tf.constant(1f));
        return tf.math.mean(tf.math.log(tf.math.cosh(gap)), tf.constant(new int[] {0, 1}));
    }
}
