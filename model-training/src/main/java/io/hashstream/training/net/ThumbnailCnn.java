package io.hashstream.training.net;

import io.hashstream.image.ModelInput;
import java.util.List;
import java.util.stream.Collectors;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A configurable CNN for RGB thumbnails (64x64, 96x96, ...): one block per entry of
 * {@code channels} (conv3x3 + ReLU + 2x2 max pool), then global average pooling, a fully connected
 * layer and the hash layer. Global pooling keeps the weight count independent of the image size.
 */
public record ThumbnailCnn(ModelInput input, List<Integer> channels, int fcUnits) implements Backbone {
    public static final List<Integer> DEFAULT_CHANNELS = List.of(32, 64, 128, 128);

    public ThumbnailCnn {
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one conv block");
        }
        int shrink = 1 << channels.size();
        if (input.height() % shrink != 0 || input.width() % shrink != 0) {
            throw new IllegalArgumentException(channels.size() + " pooling blocks need height and width divisible by "
                    + shrink + ", got " + input.height() + "x" + input.width());
        }
        if (fcUnits < 1) {
            throw new IllegalArgumentException("fc units must be >= 1");
        }
    }

    @Override
    public String name() {
        return "thumbnail-cnn(" + channels.stream().map(String::valueOf).collect(Collectors.joining("-"))
                + ",fc" + fcUnits + ")";
    }

    @Override
    public Operand<TFloat32> hashActivations(Ops tf, Operand<TFloat32> images, WeightSource w, int bits) {
        Operand<TFloat32> x = images;
        long in = input.channels();
        for (int i = 0; i < channels.size(); i++) {
            long out = channels.get(i);
            x = Layers.convRelu(tf, x, w, "block" + (i + 1), 3, in, out);
            x = Layers.maxPool2(tf, x);
            in = out;
        }
        x = tf.math.mean(x, tf.constant(new int[] {1, 2}));
        x = tf.nn.relu(Layers.dense(tf, x, w, "fc", in, fcUnits));
        return Layers.dense(tf, x, w, "hash", fcUnits, bits);
    }
}
