package io.hashstream.training.train;

import org.tensorflow.Graph;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.Momentum;
import org.tensorflow.framework.optimizers.Optimizer;

/** Which optimizer, with its learning rate (and momentum for SGD with momentum). */
public record OptimizerSpec(Kind kind, float learningRate, float momentum) {

    public enum Kind { ADAM, MOMENTUM }

    public OptimizerSpec {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
    }

    public static OptimizerSpec adam(float learningRate) {
        return new OptimizerSpec(Kind.ADAM, learningRate, 0f);
    }

    public static OptimizerSpec momentum(float learningRate, float momentum) {
        return new OptimizerSpec(Kind.MOMENTUM, learningRate, momentum);
    }

    Optimizer create(Graph graph) {
        return switch (kind) {
            case ADAM -> new Adam(graph, learningRate);
            case MOMENTUM -> new Momentum(graph, learningRate, momentum, false);
        };
    }
}
