package io.hashstream.jobs.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import io.hashstream.jobs.RawRecord;

/**
 * Kafka sources for the job's input topics.
 *
 * <p>The source reads with {@code read_committed} (input written by transactional producers is seen
 * only once committed) and, when the job has no committed offsets yet, from the earliest offset so no
 * event sent before the job started is skipped. The event time is read in the source
 * ({@link io.hashstream.jobs.pipeline.RecordEventTime}: the JSON {@code eventTime} or the
 * {@code event-time} header, else the record timestamp), so the watermark strategy of
 * {@link #watermarks} tracks each partition separately inside the source, which is what makes
 * per-partition out-of-order input safe.
 */
public final class KafkaSources {

    private KafkaSources() {
    }

    /** Where to read and when to stop. */
    public enum Bounds {
        /** Runs forever, following new records (the job). */
        UNBOUNDED,
        /** Stops at the end offsets seen at start (tests, backfills). */
        UP_TO_LATEST
    }

    /** Raw input records with their topic, partition, offset, key, value, headers and timestamp. */
    public static KafkaSource<RawRecord> rawRecords(KafkaClientSettings settings, List<String> topics, String groupId, Bounds bounds) {
        return source(settings, topics, groupId, bounds, new RawRecordDeserializer());
    }

    public static <T> KafkaSource<T> source(KafkaClientSettings settings, List<String> topics, String groupId, Bounds bounds,
                                            KafkaRecordDeserializationSchema<T> deserializer) {
        Objects.requireNonNull(groupId, "groupId");
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no input topics");
        }
        KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
                .setProperties(settings.clientProperties())
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(topics)
                .setGroupId(groupId)
                .setClientIdPrefix(groupId)
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                // Offsets live in Flink checkpoints, and a restore uses those; the group's committed offsets
                // are where a start without a checkpoint or savepoint begins (README, upgrades).
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer);
        if (bounds == Bounds.UP_TO_LATEST) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Event-time watermarks from the Kafka record timestamps, trailing the largest timestamp seen by
     * {@code outOfOrderness}. A partition that sends nothing for {@code idleTimeout} stops holding the
     * watermark back ({@link Duration#ZERO}: never).
     */
    public static <T> WatermarkStrategy<T> watermarks(Duration outOfOrderness, Duration idleTimeout) {
        WatermarkStrategy<T> strategy = WatermarkStrategy.forBoundedOutOfOrderness(outOfOrderness);
        return idleTimeout.isZero() ? strategy : strategy.withIdleness(idleTimeout);
    }
}
