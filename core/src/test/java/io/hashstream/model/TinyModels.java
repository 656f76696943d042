package io.hashstream.model;

import io.hashstream.image.ModelInput;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Tiny real SavedModel encoders built with TF-Java for tests (shared with other modules through the
 * core test-jar): a random projection of the flattened image followed by sign, i.e. the codes are
 * sign(x · W).
 */
public final class TinyModels {

    private TinyModels() {
    }

    /** A written random-projection model and the projection it computes. */
    public record ProjectionModel(Path dir, ModelCard card, float[] weights) {

        /** x · W for image {@code i} of {@code batch}, in double precision. */
        public double[] project(float[] batch, int i) {
            int d = card.input().floatsPerImage();
            int k = card.bits();
            double[] z = new double[k];
            for (int p = 0; p < d; p++) {
                double x = batch[i * d + p];
                if (x != 0) {
                    for (int j = 0; j < k; j++) {
                        z[j] += x * weights[p * k + j];
                    }
                }
            }
            return z;
        }
    }

    /** Weights drawn from N(0, 1). */
    public static ProjectionModel gaussianProjection(Path dir, ModelInput input, int bits, long seed) {
        Random r = new Random(seed);
        float[] w = new float[input.floatsPerImage() * bits];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        return write(dir, input, bits, seed, w);
    }

    /** Small integer weights in [-2, 2]: with integer inputs, x · W is exact in float32. */
    public static ProjectionModel integerProjection(Path dir, ModelInput input, int bits, long seed) {
        Random r = new Random(seed);
        float[] w = new float[input.floatsPerImage() * bits];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(5) - 2;
        }
        return write(dir, input, bits, seed, w);
    }

    public static ProjectionModel write(Path dir, ModelInput input, int bits, long seed, float[] w) {
        int d = input.floatsPerImage();
        try (EncoderExport export = new EncoderExport(input)) {
            Ops tf = export.tf();
            Operand<TFloat32> flat = tf.reshape(export.images(), tf.constant(new int[] {-1, d}));
            Operand<TFloat32> proj = export.weight("projection", w, d, bits);
            Operand<TFloat32> z = tf.linalg.matMul(flat, proj);
            ModelCard card = new ModelCard(ModelCard.FORMAT_VERSION, "random-projection", "linear", bits, input, "none",
                    seed, 0, Map.of(), "test", null, null, null);
            ModelCard written = export.export(dir, z, card);
            return new ProjectionModel(dir, written, w);
        }
    }
}
