package io.hashstream.training.net;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where a network's weights come from when its graph is built: trainable variables while training
 * ({@link TrainableWeights}), trained values in the exported inference graph. The same
 * {@link Backbone} code builds both graphs, so they compute the same function.
 */
public interface WeightSource {

    /**
     * The weight called {@code name} of {@code shape}, readable as an ordinary tensor.
     *
     * @param init how a fresh weight is initialized (ignored when values already exist)
     */
    Operand<TFloat32> weight(Ops tf, String name, WeightInit init, long... shape);
}
