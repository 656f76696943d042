package io.hashstream.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import io.hashstream.jobs.config.JobConfig;
import io.hashstream.model.ModelCard;

/**
 * The Hamming radius a command line runs with: a radius the user set (option, {@code --set}, Flink
 * configuration) wins; otherwise the radius calibrated for the model and stored in its card
 * ({@link ModelCard#calibratedRadius()}), since a radius only means something for one model; otherwise
 * {@link JobConfig}'s default.
 */
final class CalibratedRadius {

    private CalibratedRadius() {
    }

    /** Where the radius came from, for the command's banner. */
    enum Source { EXPLICIT, MODEL_CARD, DEFAULT }

    record Choice(JobConfig config, Source source) {
    }

    static Choice apply(JobConfig config, boolean explicit) {
        if (explicit) {
            return new Choice(config, Source.EXPLICIT);
        }
        Path dir = Path.of(config.modelDir());
        if (!Files.isRegularFile(dir.resolve(ModelCard.FILE_NAME))) {
            return new Choice(config, Source.DEFAULT);
        }
        OptionalInt r = ModelCard.read(dir).calibratedRadius();
        if (r.isEmpty()) {
            return new Choice(config, Source.DEFAULT);
        }
        return new Choice(config.with(Map.of(JobConfig.RADIUS, Integer.toString(r.getAsInt()))), Source.MODEL_CARD);
    }
}
