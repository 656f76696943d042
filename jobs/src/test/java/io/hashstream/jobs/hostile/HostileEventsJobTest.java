package io.hashstream.jobs.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.EmbeddedKafkaBroker;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaTopics;
import io.hashstream.jobs.pipeline.RandomProjectionEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of hostile JSON-mode records (see {@link HostileFeed}) with valid ones mixed in, sent
 * through the real job on the embedded broker. Every record is accounted for: refused by the broker at
 * send time (over the topic's size limit; the producer's future fails with
 * {@link RecordTooLargeException}), or exactly one result, or exactly one dead letter with the specific
 * expected reason. The job runs with restarts off and must finish; the used heap is sampled throughout.
 *
 * <p>{@code -Dhostile.events=N} sets the size (default 2,000: under a minute of test time); the per-kind tally
 * and the memory peaks are printed and written to {@code jobs/target/hostile-report.md}.
 */
@Timeout(900)
class HostileEventsJobTest {
    private static final int EVENTS = Integer.getInteger("hostile.events", 2_000);
    private static final long SEED = Long.getLong("hostile.seed", 8L);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    @Test
    void everyHostileEventIsAccountedForAndTheJobNeverRestarts() throws Exception {
        Path root = Files.createDirectories(dir.resolve("images"));
        Map<String, String> uriSettings = HostileFeed.uriSettings(root);
        IngestOracle oracle = new IngestOracle(RandomProjectionEncoder.INPUT, uriSettings);
        List<HostileRecord> feed = new HostileFeed(SEED, EVENTS, oracle, root).records(EVENTS);

        JobConfig config = JobConfig.defaults().with(uriSettings).with(Map.of(
                JobConfig.IMAGES_TOPIC, "hostile-images", JobConfig.RESULTS_TOPIC, "hostile-results",
                JobConfig.DEAD_LETTERS_TOPIC, "hostile-dead", JobConfig.PARALLELISM, "2",
                JobConfig.CHECKPOINT_INTERVAL_MS, "300", JobConfig.BATCH_SIZE, "64",
                // bounded input: no partition may be declared idle and let the watermark run ahead
                JobConfig.IDLE_TIMEOUT_MS, "0"));

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             ProcessMemorySampler memory = new ProcessMemorySampler(20)) {
            KafkaClientSettings kafka = KafkaClientSettings.of(broker.bootstrapServers());
            try (KafkaTopics topics = KafkaTopics.connect(kafka)) {
                topics.ensure(
                        // The feed's records carry 2023 timestamps: with the default 7-day time retention a
                        // rolled segment (16 MiB on the embedded broker) would be deleted before the job reads it.
                        KafkaTopics.Spec.of(config.imagesTopic(), 4)
                                .withConfig("max.message.bytes", Integer.toString(HostileFeed.TOPIC_MAX_BYTES))
                                .withConfig("retention.ms", "-1"),
                        KafkaTopics.Spec.of(config.resultsTopic(), 2), KafkaTopics.Spec.of(config.deadLettersTopic(), 2));
            }
            Map<String, HostileRecord> byPosition = new HashMap<>();
            List<HostileRecord> refused = produce(kafka, config.imagesTopic(), feed, byPosition);

            JobOnKafka.run(config, kafka, new RandomProjectionEncoder.Factory(SEED, 64), "events");

            long expectedResults = feed.stream().filter(r -> r.expected().kind() == Expected.Kind.RESULT).count();
            long expectedDead = feed.stream().filter(r -> r.expected().kind() == Expected.Kind.DEAD_LETTER).count();
            List<DeadLetter> dead = JobOnKafka.deadLetters(kafka, config);
            List<MatchResult> results = JobOnKafka.results(kafka, config);
            memory.close();

            Map<String, HostileRecord> byId = new HashMap<>();
            byPosition.values().forEach(r -> {
                if (r.expected().kind() == Expected.Kind.RESULT) {
                    assertThat(byId.put(HostileFeedIds.idOf(r), r)).as("result-bound ids are unique").isNull();
                }
            });
            Map<String, int[]> tally = new TreeMap<>(); // kind -> {sent, accounted}
            feed.forEach(r -> tally.computeIfAbsent(r.kind(), k -> new int[2])[0]++);
            refused.forEach(r -> tally.get(r.kind())[1]++);

            Set<String> seen = new HashSet<>();
            List<String> wrong = new ArrayList<>();
            for (MatchResult m : results) {
                HostileRecord r = byId.get(m.id());
                if (r == null || !seen.add("result:" + m.id())) {
                    wrong.add("unexpected or duplicate result for " + m.id());
                } else {
                    tally.get(r.kind())[1]++;
                }
            }
            for (DeadLetter d : dead) {
                String position = d.partition() + "@" + d.offset();
                HostileRecord r = byPosition.get(position);
                if (r == null || !seen.add("dead:" + position)) {
                    wrong.add("unexpected or duplicate dead letter at " + position + ": " + d.reason());
                } else if (!r.expected().allows(d.reason())) {
                    wrong.add(r.kind() + " at " + position + ": dead letter " + d.reason() + ", expected " + r.expected());
                } else {
                    tally.get(r.kind())[1]++;
                }
            }
            report(tally, refused.size(), memory);
            assertThat(wrong).as("misrouted records").isEmpty();
            assertThat(refused).allMatch(r -> r.expected().kind() == Expected.Kind.PRODUCER_REFUSED);
            assertThat(results).hasSize((int) expectedResults);
            assertThat(dead).hasSize((int) expectedDead);
            assertThat(tally).allSatisfy((kind, counts) -> assertThat(counts[1]).as(kind).isEqualTo(counts[0]));
            assertThat(tally.keySet()).as("kinds tried").hasSizeGreaterThan(50);
            // A decoded 10^10-pixel bomb would need 40 GB; everything the job legitimately holds fits in a few hundred MB.
            assertThat(memory.peakHeapBytes()).as("peak used heap").isLessThan(1536L << 20);
        }
    }

    /**
     * Sends every record; returns those the broker refused, and maps the others by partition@offset.
     * Records over the topic's limit go through a producer of their own: the broker's refusal makes an
     * idempotent producer bump its epoch, which would disturb the sequence numbers of everything else
     * in flight. That producer allows requests above the topic's limit, so that the topic setting on
     * the broker (not the client's default {@code max.request.size}) is what refuses them.
     */
    private static List<HostileRecord> produce(KafkaClientSettings kafka, String topic, List<HostileRecord> feed,
            Map<String, HostileRecord> byPosition) throws InterruptedException {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // A loaded 2-core CI machine can stall the in-JVM broker for many seconds: one request in
        // flight (no reordering to repair after a timeout) and generous timeouts instead of the defaults.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        Properties large = kafka.clientProperties();
        large.put(ProducerConfig.ACKS_CONFIG, "all");
        large.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        large.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * HostileFeed.TOPIC_MAX_BYTES));
        List<HostileRecord> refused = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaProducer<byte[], byte[]> oversize = new KafkaProducer<>(large, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(feed.size());
            for (int i = 0; i < feed.size(); i++) {
                HostileRecord r = feed.get(i);
                boolean tooLarge = r.expected().kind() == Expected.Kind.PRODUCER_REFUSED;
                sent.add((tooLarge ? oversize : producer).send(
                        new ProducerRecord<>(topic, i % 4, r.timestamp(), r.key(), r.value())));
            }
            for (int i = 0; i < feed.size(); i++) {
                try {
                    RecordMetadata m = sent.get(i).get();
                    byPosition.put(m.partition() + "@" + m.offset(), feed.get(i));
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).as(feed.get(i).kind()).isInstanceOf(RecordTooLargeException.class);
                    refused.add(feed.get(i));
                }
            }
        }
        return refused;
    }

    private static void report(Map<String, int[]> tally, int refused, ProcessMemorySampler memory) throws IOException {
        long sent = tally.values().stream().mapToLong(c -> c[0]).sum();
        long accounted = tally.values().stream().mapToLong(c -> c[1]).sum();
        StringBuilder md = new StringBuilder();
        md.append("| kind | sent | accounted |\n|---|---:|---:|\n");
        tally.forEach((kind, c) -> md.append("| ").append(kind).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" |\n"));
        md.append(String.format("%nkinds: %d, records: %d, accounted: %d (%.2f %%), refused by the broker at send: %d,"
                        + " job restarts: 0 (restart strategy none, job finished), peak used heap: %d MiB of %d MiB,"
                        + " peak RSS: %d MiB%n", tally.size(), sent, accounted, 100.0 * accounted / sent, refused,
                memory.peakHeapBytes() >> 20, memory.maxHeapBytes() >> 20, memory.peakRssBytes() >> 20));
        System.out.println(md);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "hostile-report.md"), md);
    }
}
