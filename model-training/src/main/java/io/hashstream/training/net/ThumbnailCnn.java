package io.hashstream.training.net;

import io.hashstream.image.ModelInput;
import java.util.List;
import java.util.stream.Collectors;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A configurable CNN for RGB thumbnails (64x64, 96x96, ...): one block per entry of
 * {@code channels} (conv3x3 + ReLU + 2x2 max pool), then average pooling down to a
 * {@code grid} × {@code grid} map that is flattened, a fully connected layer and the hash layer.
 * {@code grid} = 1 is global average pooling (weight count independent of the image size, but the
 * picture's layout is lost: fine for classes, weak for telling similar clip-art instances apart);
 * a larger grid keeps where things are.
 *
 * <p>With {@code standardize} the network first rescales each image to zero mean and unit variance
 * (over all pixels and channels). It is part of the graph, so an exported model does it too and the
 * shared preprocessing stays as it is. Why: clip art is mostly white background; a small or faint
 * drawing then moves the raw input little and different drawings look alike to the network.
 */
public record ThumbnailCnn(ModelInput input, List<Integer> channels, int fcUnits, int grid, boolean standardize)
        implements Backbone {
    /** Smallest variance divided by: a blank image stays blank instead of amplifying rounding noise. */
    static final float MIN_VARIANCE = 1e-4f;

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
        int side = Math.min(input.height(), input.width()) / shrink;
        if (grid < 1 || (input.height() / shrink) % grid != 0 || (input.width() / shrink) % grid != 0) {
            throw new IllegalArgumentException("grid " + grid + " must be >= 1 and divide the last feature map "
                    + (input.height() / shrink) + "x" + (input.width() / shrink) + " (side " + side + ")");
        }
    }

    /** Global average pooling before the fc layer, raw input. */
    public ThumbnailCnn(ModelInput input, List<Integer> channels, int fcUnits) {
        this(input, channels, fcUnits, 1, false);
    }

    @Override
    public String name() {
        return "thumbnail-cnn(" + (standardize ? "standardized," : "") + channels.stream().map(String::valueOf).collect(Collectors.joining("-"))
                + (grid == 1 ? "" : ",grid" + grid) + ",fc" + fcUnits + ")";
    }

    @Override
    public Operand<TFloat32> hashActivations(Ops tf, Operand<TFloat32> images, WeightSource w, int bits) {
        Operand<TFloat32> x = images;
        if (standardize) {
            Operand<org.tensorflow.types.TInt32> all = tf.constant(new int[] {1, 2, 3});
            Operand<TFloat32> mean = tf.math.mean(x, all, org.tensorflow.op.math.Mean.keepDims(true));
            Operand<TFloat32> centered = tf.math.sub(x, mean);
            Operand<TFloat32> variance = tf.math.mean(tf.math.square(centered), all, org.tensorflow.op.math.Mean.keepDims(true));
            x = tf.math.mul(centered, tf.math.rsqrt(tf.math.maximum(variance, tf.constant(MIN_VARIANCE))));
        }
        long in = input.channels();
        for (int i = 0; i < channels.size(); i++) {
            long out = channels.get(i);
            x = Layers.convRelu(tf, x, w, "block" + (i + 1), 3, in, out);
            x = Layers.maxPool2(tf, x);
            in = out;
        }
        long features = in;
        if (grid == 1) {
            x = tf.math.mean(x, tf.constant(new int[] {1, 2}));
        } else {
            int shrink = 1 << channels.size();
            long ph = input.height() / shrink / grid;
            long pw = input.width() / shrink / grid;
            if (ph > 1 || pw > 1) {
                x = tf.nn.avgPool(x, List.of(1L, ph, pw, 1L), List.of(1L, ph, pw, 1L), "VALID");
            }
            features = in * grid * grid;
            x = Layers.flatten(tf, x, features);
        }
        x = tf.nn.relu(Layers.dense(tf, x, w, "fc", features, fcUnits));
        return Layers.dense(tf, x, w, "hash", fcUnits, bits);
    }
}
