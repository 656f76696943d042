package io.hashstream.training.net;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The few layers the backbones use, each naming its weights {@code <layer>_w} / {@code <layer>_b}. */
final class Layers {
    private Layers() {
    }

    /** Same-padded stride-1 convolution + bias + ReLU. */
    static Operand<TFloat32> convRelu(Ops tf, Operand<TFloat32> x, WeightSource w, String name, int kernel,
                                      long in, long out) {
        Operand<TFloat32> k = w.weight(tf, name + "_w", WeightInit.GLOROT_UNIFORM, kernel, kernel, in, out);
        Operand<TFloat32> b = w.weight(tf, name + "_b", WeightInit.ZEROS, out);
        Operand<TFloat32> conv = tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME");
        return tf.nn.relu(tf.nn.biasAdd(conv, b));
    }

    /** 2x2 max pooling, stride 2. */
    static Operand<TFloat32> maxPool2(Ops tf, Operand<TFloat32> x) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }

    static Operand<TFloat32> flatten(Ops tf, Operand<TFloat32> x, long features) {
        return tf.reshape(x, tf.constant(new long[] {-1, features}));
    }

    /** x·W + b. */
    static Operand<TFloat32> dense(Ops tf, Operand<TFloat32> x, WeightSource w, String name, long in, long out) {
        Operand<TFloat32> m = w.weight(tf, name + "_w", WeightInit.GLOROT_UNIFORM, in, out);
        Operand<TFloat32> b = w.weight(tf, name + "_b", WeightInit.ZEROS, out);
        return tf.math.add(tf.linalg.matMul(x, m), b);
    }
}
