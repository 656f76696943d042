package io.hashstream.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import io.hashstream.jobs.config.JobConfig;
import picocli.CommandLine.Option;

/** The job's own settings ({@link JobConfig}): the common ones as options, any of them with --set. */
final class JobOptions {

    @Option(names = "--images-topic", paramLabel = "TOPIC", description = "Input topic of image and delete events (default: images).")
    String imagesTopic;

    @Option(names = "--results-topic", paramLabel = "TOPIC", description = "Topic for match results (default: results).")
    String resultsTopic;

    @Option(names = "--dead-letters-topic", paramLabel = "TOPIC", description = "Topic for rejected events (default: dead-letters).")
    String deadLettersTopic;

    @Option(names = "--input-format", paramLabel = "json|raw", description = "How image-topic values are read (default: json).")
    String inputFormat;

    @Option(names = "--model", paramLabel = "DIR", description = "SavedModel directory with model-card.json (default: models/default).")
    String model;

    @Option(names = "--radius", paramLabel = "R",
            description = "Hamming radius of a match (default: the radius calibrated in the model's card, else 6).")
    Integer radius;

    @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default: the environment's).")
    Integer parallelism;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any job setting by its key (repeatable): ${COMPLETION-CANDIDATES}", completionCandidates = JobKeys.class)
    Map<String, String> settings = new LinkedHashMap<>();

    /** Whether the radius was set on the command line (--radius or --set radius=...). */
    boolean radiusGiven() {
        return radius != null || settings.containsKey(JobConfig.RADIUS);
    }

    /** {@code base} overridden by --set, then by the named options. */
    JobConfig apply(JobConfig base) {
        Map<String, String> m = new LinkedHashMap<>(settings);
        put(m, JobConfig.IMAGES_TOPIC, imagesTopic);
        put(m, JobConfig.RESULTS_TOPIC, resultsTopic);
        put(m, JobConfig.DEAD_LETTERS_TOPIC, deadLettersTopic);
        put(m, JobConfig.INPUT_FORMAT, inputFormat);
        put(m, JobConfig.MODEL_DIR, model);
        put(m, JobConfig.RADIUS, radius);
        put(m, JobConfig.PARALLELISM, parallelism);
        return base.with(m);
    }

    private static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }

    /** The keys --set accepts, for the help text. */
    static final class JobKeys implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return JobConfig.KEYS.iterator();
        }
    }
}
