package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.jobs.NearDuplicateJob;
import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.source.event.AddSplitEvent;
import org.apache.flink.streaming.api.operators.SourceOperator;
import org.apache.flink.streaming.api.operators.SourceOperatorFactory;
import org.apache.flink.streaming.api.operators.source.CollectingDataOutput;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.SourceOperatorTestHarness;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job's Kafka source operator restored from its own snapshot, with the job's watermark strategy
 * (bound 200 ms, never idle) and the real Kafka reader on the embedded broker. Two partitions are
 * read up to event times 1,000 and 5,000 (watermark 799), the operator is snapshotted and restored,
 * and only partition 1 gets a new record.
 *
 * <p>Flink registers every restored split in the watermark multiplexer with a fresh generator and
 * does not checkpoint watermarks (FLINK-32828, FLINK-4616), so with the plain Kafka source the
 * silent partition 0 holds the watermark at its minimum for good: nothing that waits for event time
 * downstream is ever released (the stall of issue 4's recovery test). The job's source resumes each
 * partition at the watermark it had reached.
 */
class EventTimeRestoringKafkaSourceTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final long BOUND = 200;

    private static EmbeddedKafkaBroker broker;
    private static KafkaClientSettings settings;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        settings = KafkaClientSettings.of(broker.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void plainKafkaSourceForgetsASilentPartitionsEventTimeOnRestore() throws Exception {
        JobConfig config = newTopic();
        List<Long> after = watermarksAfterRestore(config,
                KafkaSources.rawRecords(settings, List.of(config.imagesTopic()), "plain", KafkaSources.Bounds.UNBOUNDED));
        assertThat(after).as("watermarks after the restore").isEmpty();
    }

    @Test
    void jobSourceResumesEachPartitionAtItsWatermark() throws Exception {
        JobConfig config = newTopic();
        List<Long> after = watermarksAfterRestore(config,
                KafkaJob.source(config, settings, "restoring", KafkaSources.Bounds.UNBOUNDED));
        // partition 0 (newest 1,000) holds the watermark where it was; partition 1 alone moves on to 5,799
        assertThat(after).as("watermarks after the restore").containsExactly(1_000 - BOUND - 1);
    }

    /** Reads both partitions, snapshots, restores, sends partition 1 one more record: the watermarks emitted after. */
    private static List<Long> watermarksAfterRestore(JobConfig config, Source<RawRecord, KafkaPartitionSplit, ?> source)
            throws Exception {
        send(config, 0, 1_000);
        send(config, 1, 5_000);
        OperatorSubtaskState snapshot;
        try (SourceOperatorTestHarness<RawRecord> before = harness(config, source)) {
            before.initializeEmptyState();
            before.open();
            operator(before).handleOperatorEvent(new AddSplitEvent<>(List.of(
                    new KafkaPartitionSplit(new TopicPartition(config.imagesTopic(), 0), KafkaPartitionSplit.EARLIEST_OFFSET),
                    new KafkaPartitionSplit(new TopicPartition(config.imagesTopic(), 1), KafkaPartitionSplit.EARLIEST_OFFSET)),
                    source.getSplitSerializer()));
            CollectingDataOutput<RawRecord> out = new CollectingDataOutput<>();
            readRecords(before, out, 2);
            assertThat(watermarks(out)).as("watermarks before the restore").containsExactly(1_000 - BOUND - 1);
            snapshot = before.snapshot(1, 1);
        }

        send(config, 1, 6_000);
        try (SourceOperatorTestHarness<RawRecord> after = harness(config, source)) {
            after.initializeState(snapshot);
            after.open();
            CollectingDataOutput<RawRecord> out = new CollectingDataOutput<>();
            readRecords(after, out, 1);
            return watermarks(out);
        }
    }

    @SuppressWarnings("unchecked")
    private static SourceOperator<RawRecord, KafkaPartitionSplit> operator(SourceOperatorTestHarness<RawRecord> harness) {
        return (SourceOperator<RawRecord, KafkaPartitionSplit>) (Object) harness.getOperator();
    }

    private static JobConfig newTopic() {
        JobConfig config = JobConfig.defaults().with(Map.of(
                JobConfig.IMAGES_TOPIC, "event-time-restore-" + TOPICS.incrementAndGet(),
                JobConfig.OUT_OF_ORDERNESS_MS, Long.toString(BOUND),
                JobConfig.IDLE_TIMEOUT_MS, "0"));
        try (KafkaTopics topics = KafkaTopics.connect(settings)) {
            topics.ensure(KafkaTopics.Spec.of(config.imagesTopic(), 2));
        }
        return config;
    }

    private static SourceOperatorTestHarness<RawRecord> harness(JobConfig config, Source<RawRecord, ?, ?> source)
            throws Exception {
        return new SourceOperatorTestHarness<>(new SourceOperatorFactory<>(source, NearDuplicateJob.eventTime(config)),
                new MockEnvironmentBuilder().build());
    }

    /**
     * Polls until {@code count} records are out, then lets the periodic watermark emission run. (The
     * operator writes to {@code out} directly: the harness's own data output cannot take records.)
     */
    private static void readRecords(SourceOperatorTestHarness<RawRecord> harness, CollectingDataOutput<RawRecord> out,
            int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long now = 0;
        while (out.getEvents().stream().filter(o -> o instanceof StreamRecord).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " records read: " + out.getEvents());
            }
            operator(harness).emitNext(out);
            Thread.sleep(10);
        }
        for (int i = 0; i < 5; i++) {
            operator(harness).emitNext(out);
            now += 1_000;
            harness.setProcessingTime(now);
        }
    }

    private static List<Long> watermarks(CollectingDataOutput<RawRecord> out) {
        return out.getEvents().stream().filter(o -> o instanceof Watermark)
                .map(o -> ((Watermark) o).getTimestamp()).toList();
    }

    private static void send(JobConfig config, int partition, long eventTime) throws Exception {
        Properties p = settings.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        byte[] json = ("{\"eventTime\":" + eventTime + "}").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.imagesTopic(), partition, eventTime, null, json)).get();
        }
    }
}
