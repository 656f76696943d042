package io.hashstream.jobs.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.common.utils.Utils;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.model.EncoderExport;
import io.hashstream.model.ModelCard;

/**
 * An untrained encoder for when no trained model is available: SimHash of a 32×32 grayscale
 * thumbnail. The thumbnail's mean is subtracted before a seeded Gaussian projection to 64 bits, so
 * the code ignores brightness offsets and (up to clipping) contrast gains; resizing and re-encoding
 * move few bits; crops move more. It is a baseline, not a learned model — the demo says so when it
 * uses it. Exported once as a SavedModel with {@link EncoderExport} and reused from its directory.
 */
public final class FallbackModel {

    public static final String METHOD = "centered-random-projection";
    public static final int BITS = 64;
    public static final long SEED = 20_240_601L;
    public static final ModelInput INPUT = new ModelInput(32, 32, 1, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);

    private FallbackModel() {
    }

    /** The model in {@code dir}, exported there first if the directory has no model card yet. */
    public static Path ensure(Path dir) {
        if (Files.isRegularFile(dir.resolve(ModelCard.FILE_NAME))) {
            return dir;
        }
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        try {
            Utils.delete(partial.toFile());
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int d = INPUT.floatsPerImage();
        Random random = new Random(SEED);
        float[] w = new float[d * BITS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        try (EncoderExport export = new EncoderExport(INPUT)) {
            Ops tf = export.tf();
            Operand<TFloat32> flat = tf.reshape(export.images(), tf.constant(new int[] {-1, d}));
            Operand<TFloat32> mean = tf.math.mean(flat, tf.constant(1), Mean.keepDims(true));
            Operand<TFloat32> centered = tf.math.sub(flat, mean);
            Operand<TFloat32> activations = tf.linalg.matMul(centered, export.weight("projection", w, d, BITS));
            ModelCard card = new ModelCard(ModelCard.FORMAT_VERSION, METHOD, "mean-centered linear projection", BITS, INPUT, "none (untrained)", SEED, 0,
                    Map.of(), "unknown", null, null, null);
            export.export(partial, activations, card);
        }
        try {
            // the card is written last: a directory that has one is complete
            Utils.delete(dir.toFile());
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the exported model to " + dir, e);
        }
        return dir;
    }
}
