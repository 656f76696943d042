package io.hashstream.training.net;

import io.hashstream.image.ModelInput;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The small CNN for 28x28 grayscale images (Fashion-MNIST): conv5x5/32 - pool - conv5x5/64 - pool -
 * fc - hash layer.
 */
public record SmallCnn(ModelInput input, int fcUnits) implements Backbone {
    public static final int DEFAULT_FC_UNITS = 256;

    public SmallCnn {
        if (input.height() % 4 != 0 || input.width() % 4 != 0) {
            throw new IllegalArgumentException("small CNN needs height and width divisible by 4, got "
                    + input.height() + "x" + input.width());
        }
        if (fcUnits < 1) {
            throw new IllegalArgumentException("fc units must be >= 1");
        }
    }

    @Override
    public String name() {
        return "small-cnn(fc" + fcUnits + ")";
    }

    @Override
    public Operand<TFloat32> hashActivations(Ops tf, Operand<TFloat32> images, WeightSource w, int bits) {
        Operand<TFloat32> x = Layers.convRelu(tf, images, w, "conv1", 5, input.channels(), 32);
        x = Layers.maxPool2(tf, x);
        x = Layers.convRelu(tf, x, w, "conv2", 5, 32, 64);
        x = Layers.maxPool2(tf, x);
        long features = (long) (input.height() / 4) * (input.width() / 4) * 64;
        x = Layers.flatten(tf, x, features);
        x = tf.nn.relu(Layers.dense(tf, x, w, "fc", features, fcUnits));
        return Layers.dense(tf, x, w, "hash", fcUnits, bits);
    }
}
