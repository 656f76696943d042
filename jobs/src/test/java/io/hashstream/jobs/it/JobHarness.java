package io.hashstream.jobs.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.DeadLetterJson;
import io.hashstream.event.MatchResult;
import io.hashstream.event.MatchResultJson;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.EmbeddedKafkaBroker;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaTopics;
import io.hashstream.jobs.kafka.TopicReader;
import io.hashstream.testing.JsonSchemas;

/**
 * One embedded broker shared by an integration test class, fresh topics for every run, and the
 * plumbing to send test events and read what the job committed.
 */
final class JobHarness implements AutoCloseable {

    static final int PARTITIONS = 4;
    private static final AtomicInteger RUNS = new AtomicInteger();

    final EmbeddedKafkaBroker broker;
    final KafkaClientSettings settings;

    JobHarness() {
        this(EmbeddedKafkaBroker.start(), null);
    }

    /** A harness on a configured broker whose clients (test and job alike) use {@code settings}. */
    JobHarness(EmbeddedKafkaBroker broker, KafkaClientSettings settings) {
        this.broker = broker;
        this.settings = settings != null ? settings : KafkaClientSettings.of(broker.bootstrapServers());
    }

    /**
     * Settings for one run: own topics (created here), the model, no idleness (a bounded test input
     * must never let a partition's watermark run ahead), short checkpoints.
     */
    JobConfig newRun(Path model, int parallelism, InputFormat format) {
        int run = RUNS.incrementAndGet();
        JobConfig config = JobConfig.defaults().with(Map.of(
                JobConfig.IMAGES_TOPIC, "images-" + run,
                JobConfig.RESULTS_TOPIC, "results-" + run,
                JobConfig.DEAD_LETTERS_TOPIC, "dead-letters-" + run,
                JobConfig.MODEL_DIR, model.toString(),
                JobConfig.PARALLELISM, Integer.toString(parallelism),
                JobConfig.INPUT_FORMAT, format.name(),
                JobConfig.IDLE_TIMEOUT_MS, "0",
                JobConfig.CHECKPOINT_INTERVAL_MS, "300"));
        try (KafkaTopics topics = KafkaTopics.connect(settings)) {
            // The tests' records carry event times of 2023 as record timestamps: under the default 7-day
            // time retention the broker may delete them (its first check runs 30 s after it starts)
            // before the job reads them.
            topics.ensure(KafkaJob.topics(config, PARTITIONS, (short) 1).stream()
                    .map(spec -> spec.withConfig("retention.ms", "-1")).toList());
        }
        return config;
    }

    /** Sends the events in list order, each to its partition with its event time as record timestamp. */
    void send(JobConfig config, List<TestEvent> events) throws ExecutionException, InterruptedException {
        Properties p = settings.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (TestEvent e : events) {
                producer.send(e.record(config.imagesTopic(), config.inputFormat())).get();
            }
        }
    }

    /** Every committed result (at least {@code atLeast}), each validated against the match-result schema. */
    List<MatchResult> results(JobConfig config, int atLeast) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readCommitted(settings, config.resultsTopic(), atLeast, Duration.ofSeconds(60));
        return records.stream().map(r -> {
            JsonSchemas.requireValid("match-result", r.value());
            MatchResult result = MatchResultJson.parse(r.value());
            if (!new String(r.key(), java.nio.charset.StandardCharsets.UTF_8).equals(result.id())) {
                throw new AssertionError("result key is not the event id: " + result.id());
            }
            return result;
        }).toList();
    }

    /** Every committed dead letter (at least {@code atLeast}), each validated against the dead-letter schema. */
    List<DeadLetter> deadLetters(JobConfig config, int atLeast) {
        return TopicReader.readCommitted(settings, config.deadLettersTopic(), atLeast, Duration.ofSeconds(60)).stream()
                .map(r -> {
                    JsonSchemas.requireValid("dead-letter", r.value());
                    return DeadLetterJson.parse(r.value());
                }).toList();
    }

    @Override
    public void close() {
        broker.close();
    }
}
