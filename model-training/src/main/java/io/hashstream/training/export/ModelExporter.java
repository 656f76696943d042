package io.hashstream.training.export;

import io.hashstream.model.EncoderExport;
import io.hashstream.model.ModelCard;
import io.hashstream.training.net.Backbone;
import io.hashstream.training.net.FixedWeights;
import io.hashstream.training.net.WeightValues;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Writes trained weights as an encoder-only SavedModel: a fresh inference graph built by the same
 * {@link Backbone} code, the weights copied in as variables, no loss, no optimizer slots, signature
 * {@code encode}, and the model card.
 */
public final class ModelExporter {
    private ModelExporter() {
    }

    /**
     * @param card method, dataset, seed, steps, metrics, build commit; the model id, signature names and
     *     creation time are filled in here
     * @return the card as written next to the model
     */
    public static ModelCard export(Path dir, Backbone backbone, int bits, Map<String, WeightValues> weights,
                                   ModelCard card) {
        try (EncoderExport export = new EncoderExport(backbone.input())) {
            FixedWeights fixed = new FixedWeights(export, weights);
            Operand<TFloat32> z = backbone.hashActivations(export.tf(), export.images(), fixed, bits);
            fixed.checkAllUsed();
            return export.export(dir, z, card);
        }
    }
}
