package io.hashstream.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.hashstream.jobs.cli.demo.DemoFeed;
import io.hashstream.jobs.cli.demo.DemoFeedProducer;
import io.hashstream.jobs.cli.demo.DemoImages;
import io.hashstream.jobs.cli.demo.DemoScoreboard;
import io.hashstream.jobs.cli.demo.FallbackModel;
import io.hashstream.jobs.cli.demo.OutputFollower;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.config.LocalCheckpointStorage;
import io.hashstream.jobs.kafka.EmbeddedKafkaBroker;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaSinks;
import io.hashstream.jobs.kafka.KafkaSources;
import io.hashstream.jobs.kafka.KafkaTopics;
import io.hashstream.model.ModelCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one-command embedded run: an in-JVM Kafka broker (KRaft), the three topics, the job on a local
 * Flink MiniCluster, a feed of pictures with edited copies and a few broken events, matches printed
 * as they are committed, and a summary. Everything stops at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the job end to end in this JVM: embedded Kafka, Flink MiniCluster, a demo feed, live matches.")
final class DemoCommand implements Callable<Integer> {

    /** SimHash codes of edited copies move more bits than learned codes: a wider default radius. */
    static final int FALLBACK_RADIUS = 12;

    @Option(names = "--images", paramLabel = "N", defaultValue = "30", description = "Pictures in the feed (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--edits-per-image", paramLabel = "K", defaultValue = "2",
            description = "Edited copies of two pictures out of three, 0-4 (default: ${DEFAULT-VALUE}).")
    int editsPerImage;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of picture choice, edits and order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--image-dir", paramLabel = "DIR", defaultValue = DemoImages.OPENCLIPART,
            description = "PNG pictures to use; procedural pictures when absent (default: ${DEFAULT-VALUE}, Debian package openclipart-png).")
    Path imageDir;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "10", description = "Feed rate (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4", description = "Partitions of the demo topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--tenant", defaultValue = "demo", description = "Tenant of the demo events (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up waiting for outputs after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @picocli.CommandLine.Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        JobConfig config = job.apply(JobConfig.defaults().with(Map.of(
                JobConfig.PARALLELISM, "2",
                JobConfig.CHECKPOINT_INTERVAL_MS, "1000")));
        if (config.resultsTopic().equals(config.deadLettersTopic())) {
            System.err.println("The demo tells results from dead letters by their topic: give them two topics, not both "
                    + config.resultsTopic() + ".");
            return 2;
        }
        out.println("HashStream demo");
        String modelNote = "";
        java.util.List<Path> otherModels = new java.util.ArrayList<>();
        CalibratedRadius.Source radiusSource;
        if (hasModel(Path.of(config.modelDir()))) {
            // models/default (or --model): its card's calibrated radius unless a radius was given.
            CalibratedRadius.Choice choice = CalibratedRadius.apply(config, job.radiusGiven());
            config = choice.config();
            radiusSource = choice.source();
        } else {
            if (job.model != null) {
                out.println("No model at " + Path.of(job.model).toAbsolutePath() + " (no " + ModelCard.FILE_NAME + " there).");
                return 2;
            }
            // No models/default (e.g. run from another directory than the checkout's root): an
            // untrained baseline keeps the command working, exported once and cached, and labelled
            // as such on stdout and stderr.
            Path fallback = Path.of(System.getProperty("user.home"), ".cache", "hashstream", "models",
                    FallbackModel.METHOD + "-" + FallbackModel.BITS);
            System.err.printf("WARNING: no model at %s (no %s); falling back to the UNTRAINED SimHash baseline %s. "
                    + "Run from the repository root or pass --model DIR.%n",
                    Path.of(config.modelDir()).toAbsolutePath(), ModelCard.FILE_NAME, fallback);
            FallbackModel.ensure(fallback);
            modelNote = " -- the UNTRAINED baseline (SimHash of mean-centred 32x32 thumbnails), since there is no "
                    + config.modelDir();
            Map<String, String> settings = new java.util.HashMap<>(Map.of(JobConfig.MODEL_DIR, fallback.toString()));
            radiusSource = CalibratedRadius.Source.EXPLICIT;
            if (!job.radiusGiven()) {
                settings.put(JobConfig.RADIUS, Integer.toString(FALLBACK_RADIUS));
                radiusSource = CalibratedRadius.Source.DEFAULT;
            }
            config = config.with(settings);
            for (Path learned : committedModels(Path.of("models"))) {
                otherModels.add(learned);
            }
        }
        Path model = Path.of(config.modelDir());
        ModelCard card = ModelCard.read(model);
        DemoFeed feed = DemoFeed.generate(DemoImages.load(imageDir, images, seed), editsPerImage, seed);
        out.printf("  pictures: %s%n", feed.imageSource());
        out.printf("  feed:     %d events (%d pictures, %d edited copies, %d broken) at %.0f/s%n",
                feed.items().size(), feed.validCount() - feed.editCount(), feed.editCount(),
                feed.items().size() - feed.validCount(), rate);
        out.printf("  model:    %s: %s %s, %d bits, %d steps, trained on %s%s%n", model, card.method(),
                card.architecture(), card.bits(), card.steps(), card.dataset(), modelNote);
        out.printf("  radius:   %d (%s)%n", config.radius(), switch (radiusSource) {
            case EXPLICIT -> "given";
            case MODEL_CARD -> "calibrated, from the model card";
            case DEFAULT -> "default";
        });
        for (Path learned : otherModels) {
            ModelCard c = ModelCard.read(learned);
            out.printf("            learned model available: --model %s (%s, %d bits, trained on %s)%n", learned, c.method(), c.bits(), c.dataset());
        }

        Path savepoints = Files.createTempDirectory("hashstream-demo-savepoints-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            KafkaClientSettings settings = KafkaClientSettings.of(broker.bootstrapServers());
            out.printf("  kafka:    embedded KRaft broker at %s%n", broker.bootstrapServers());
            try (KafkaTopics topics = KafkaTopics.connect(settings)) {
                topics.ensure(KafkaJob.topics(config, partitions, (short) 1));
            }
            Configuration flink = config.toFlinkConfiguration();
            // never collide with a Flink (or another demo) already listening on 8081
            flink.set(org.apache.flink.configuration.RestOptions.BIND_PORT, "0");
            LocalCheckpointStorage.ensure(flink, "hashstream-demo-checkpoints-");
            // Parallelism 0 means Flink's default, as on a cluster (createLocalEnvironment refuses 0).
            StreamExecutionEnvironment env = config.parallelism() > 0
                    ? StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), flink)
                    : StreamExecutionEnvironment.createLocalEnvironment(flink);
            KafkaJob.attach(env, config, settings, KafkaSinks.Delivery.exactlyOnce("hashstream-demo"), "hashstream-demo",
                    KafkaSources.Bounds.UNBOUNDED);
            JobClient client = env.executeAsync("hashstream demo");
            out.printf("  flink:    local MiniCluster, parallelism %d, job %s%n%n", env.getParallelism(), client.getJobID());

            DemoScoreboard scoreboard = new DemoScoreboard(feed, out);
            try (OutputFollower follower = new OutputFollower(settings, config.resultsTopic(), config.deadLettersTopic(), scoreboard);
                 DemoFeedProducer producer = new DemoFeedProducer(settings, config.imagesTopic(), tenant, config.inputFormat())) {
                producer.send(feed, rate, item -> { });
                // Answers trail the feed by the watermark delay and a checkpoint; wait while they
                // keep coming. The last events wait for a watermark that only later events would
                // move: draining the job (stop with a final savepoint at the end of event time)
                // answers them and commits their outputs.
                awaitQuiet(scoreboard, feed.items().size(), Duration.ofSeconds(15), Duration.ofSeconds(timeoutSeconds));
                drain(client, savepoints, Duration.ofSeconds(timeoutSeconds));
                awaitQuiet(scoreboard, feed.items().size(), Duration.ofSeconds(10), Duration.ofSeconds(timeoutSeconds));
                if (follower.failure() != null) {
                    throw follower.failure();
                }
            }
            scoreboard.printSummary(feed.items().size());
            return scoreboard.accounted() == feed.items().size() ? 0 : 1;
        } finally {
            org.apache.kafka.common.utils.Utils.delete(savepoints.toFile());
        }
    }

    /** The directories under {@code models} holding a model card, by name. */
    private static java.util.List<Path> committedModels(Path models) throws java.io.IOException {
        if (!Files.isDirectory(models)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> dirs = Files.list(models)) {
            return dirs.filter(DemoCommand::hasModel).sorted().toList();
        }
    }

    private static boolean hasModel(Path dir) {
        return Files.isRegularFile(dir.resolve(ModelCard.FILE_NAME));
    }

    /** Waits until all outputs arrived, or none arrived for {@code quiet}, or {@code timeout} passed. */
    private static void awaitQuiet(DemoScoreboard scoreboard, int expected, Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        long lastChange = System.nanoTime();
        while (scoreboard.accounted() < expected && System.nanoTime() < deadline) {
            int now = scoreboard.accounted();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - lastChange > quiet.toNanos()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Stop with savepoint, draining; retried while Flink refuses because tasks are still starting. */
    private static void drain(JobClient client, Path savepoints, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                client.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(timeout.toSeconds(), TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }
}
