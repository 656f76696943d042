package io.hashstream.training.net;

import io.hashstream.image.ModelInput;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A feature network ending in the hash layer: images [N, H, W, C] to activations z [N, K]. */
public interface Backbone {

    /** The input this network is built for. */
    ModelInput input();

    /** Short name for logs and the model card, e.g. {@code small-cnn}. */
    String name();

    /** Pre-sign hash-layer activations z; codes are sign(z), training uses tanh(β·z). */
    Operand<TFloat32> hashActivations(Ops tf, Operand<TFloat32> images, WeightSource weights, int bits);
}
