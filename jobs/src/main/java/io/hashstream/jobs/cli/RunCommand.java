package io.hashstream.jobs.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.config.LocalCheckpointStorage;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaNames;
import io.hashstream.jobs.kafka.KafkaSinks;
import io.hashstream.jobs.kafka.KafkaSources;
import io.hashstream.jobs.kafka.KafkaTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the job against an existing Kafka cluster. Locally ({@code java ... run}) Flink starts an
 * in-process MiniCluster; under {@code flink run} the job goes to that cluster.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the near-duplicate job against a Kafka cluster (locally, or on a Flink cluster via flink run).")
final class RunCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    JobOptions job;

    @Mixin
    DeliveryOptions delivery;

    @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group of the source (default: "
            + "hashstream-IMAGES_TOPIC, plus -RESULTS_TOPIC unless that is 'results').")
    String groupId;

    @Option(names = "--create-topics", description = "Create the three topics first if they do not exist.")
    boolean createTopics;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4", description = "Partitions of created topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
            description = "Replication factor of created topics (default: the broker's).")
    short replicationFactor;

    @Option(names = "--print-config", description = "Print the effective settings (secrets masked) and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        // Under flink run the environment carries the cluster's configuration (and -D options):
        // hashstream.* keys are job settings, kafka.* keys Kafka client properties.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Map<String, String> flinkConf = env.getConfiguration().toMap();
        JobConfig config = job.apply(JobConfig.fromFlinkConfiguration(org.apache.flink.configuration.Configuration.fromMap(flinkConf)));
        // A radius belongs to a model: without an explicit one, the model card's calibrated radius.
        CalibratedRadius.Choice radius = CalibratedRadius.apply(config,
                job.radiusGiven() || flinkConf.containsKey("hashstream." + JobConfig.RADIUS));
        config = radius.config();
        KafkaClientSettings settings = kafka.settings(flinkConf);
        String group = groupId != null ? groupId : KafkaNames.defaultGroupId(config);
        // A checkpoint timeout the cluster or -D sets stays; otherwise the job's (JobConfig.CHECKPOINT_TIMEOUT).
        Duration checkpointTimeout = env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_TIMEOUT)
                .orElse(JobConfig.CHECKPOINT_TIMEOUT);
        int tolerableFailedCheckpoints = env.getConfiguration().get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER);
        KafkaSinks.Delivery sinks = delivery.delivery(config, checkpointTimeout, tolerableFailedCheckpoints);
        printSettings(System.out, config, settings);
        if (radius.source() == CalibratedRadius.Source.MODEL_CARD) {
            System.out.println("  (radius " + config.radius() + ": calibrated, from the model card in " + config.modelDir() + ")");
        }
        printResolved(System.out, config, group, sinks, checkpointTimeout);
        if (printConfig) {
            return 0;
        }
        boolean exactlyOnce = sinks.guarantee() == org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE;
        if (createTopics || exactlyOnce) {
            try (KafkaTopics topics = KafkaTopics.connect(settings)) {
                if (createTopics) {
                    List<String> created = topics.ensure(KafkaJob.topics(config, partitions, replicationFactor));
                    System.out.println("created topics: " + created);
                }
                if (exactlyOnce) {
                    // Before the job runs, not at its first transaction: then it would restart in a loop.
                    topics.transactionMaxTimeout().ifPresent(sinks::checkAgainstBrokers);
                }
            }
        }
        org.apache.flink.configuration.Configuration jobFlink = config.toFlinkConfiguration();
        jobFlink.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, checkpointTimeout);
        // In this JVM (no flink run): checkpoints to a local directory, not the JobManager's 5 MB-capped heap.
        LocalCheckpointStorage.ensure(env.getConfiguration(), jobFlink, "hashstream-checkpoints-")
                .ifPresent(dir -> System.out.println("checkpoints: " + dir + " (local MiniCluster)"));
        env.configure(jobFlink);
        KafkaJob.attach(env, config, settings, sinks, group, KafkaSources.Bounds.UNBOUNDED);
        env.execute("hashstream near-duplicates (" + config.imagesTopic() + " -> " + config.resultsTopic() + ")");
        return 0;
    }

    /** What the settings resolve to, including the names that must stay the same across restores. */
    static void printResolved(PrintStream out, JobConfig config, String group, KafkaSinks.Delivery sinks,
                              Duration checkpointTimeout) {
        out.println("resolved:");
        out.printf("  %-24s %s%n", "index layout", config.effectiveIndexLayout().name().toLowerCase(java.util.Locale.ROOT));
        out.printf("  %-24s %s%n", "consumer group", group);
        out.printf("  %-24s %s%n", "delivery", sinks.guarantee());
        if (sinks.transactionalIdPrefix() != null) {
            out.printf("  %-24s %s%n", "transactional-id prefix", sinks.transactionalIdPrefix());
        }
        out.printf("  %-24s %s%n", "transaction timeout", sinks.transactionTimeout());
        out.printf("  %-24s %s%n", "checkpoint timeout", checkpointTimeout);
    }

    static void printSettings(PrintStream out, JobConfig config, KafkaClientSettings settings) {
        out.println("job settings:");
        config.toMap().forEach((k, v) -> out.printf("  %-24s %s%n", k, v));
        out.println("kafka settings:");
        settings.describe().forEach((k, v) -> out.printf("  %-24s %s%n", k, v));
    }
}
