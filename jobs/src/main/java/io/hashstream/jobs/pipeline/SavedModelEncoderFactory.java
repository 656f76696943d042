package io.hashstream.jobs.pipeline;

import io.hashstream.image.ModelInput;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.Encoder;
import io.hashstream.model.EncoderPrecision;
import io.hashstream.model.ModelCard;
import io.hashstream.model.SharedEncoders;
import io.hashstream.model.TfThreads;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A SavedModel directory (with its model card), loaded once per TaskManager JVM through
 * {@link SharedEncoders#jvmWide()}: every slot's encode operator holds a lease, and the model is
 * closed when the last one closes. GPU when the {@code gpu} build sees a device, CPU otherwise; on the
 * CPU in the configured {@link EncoderPrecision}.
 */
public final class SavedModelEncoderFactory implements EncoderFactory {
    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final EncoderPrecision precision;
    private final String modelId;
    private final int bits;
    private transient ModelInput input;

    private SavedModelEncoderFactory(String modelDir, EncoderPrecision precision, ModelCard card) {
        this.modelDir = modelDir;
        this.precision = Objects.requireNonNull(precision, "precision");
        this.input = Objects.requireNonNull(card.input());
        this.modelId = card.modelId();
        this.bits = card.bits();
    }

    /** Reads the model card in {@code modelDir} now, so a bad directory fails when the job is built. */
    public static SavedModelEncoderFactory of(Path modelDir) {
        return of(modelDir, EncoderPrecision.FP32);
    }

    /** As {@link #of(Path)}, running the model in {@code precision} where the CPU allows. */
    public static SavedModelEncoderFactory of(Path modelDir, EncoderPrecision precision) {
        ModelCard card = ModelCard.read(modelDir);
        return new SavedModelEncoderFactory(modelDir.toAbsolutePath().toString(), precision, card);
    }

    @Override
    public ModelInput input() {
        if (input == null) {
            input = ModelCard.read(Path.of(modelDir)).input(); // after deserialization on a TaskManager
        }
        return input;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int bits() {
        return bits;
    }

    @Override
    public Encoder open(TfThreads threads) {
        return SharedEncoders.jvmWide().acquire(Path.of(modelDir), threads, DevicePreference.AUTO, precision);
    }

    @Override
    public String toString() {
        return "SavedModel " + modelDir + " (" + precision + ")";
    }
}
