package io.hashstream.jobs.kafka;

import java.time.Duration;
import java.util.List;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.DeadLetterJson;
import io.hashstream.event.MatchResult;
import io.hashstream.event.MatchResultJson;
import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.config.JobConfig;

/**
 * The near-duplicate job's Kafka side: its topics, its source of raw input records and its two
 * exactly-once JSON sinks (results keyed by event id; dead letters keyed by event id when known,
 * else by the input position), all configured from one {@link KafkaClientSettings}.
 */
public final class KafkaJob {

    /** Sink names, appended to the transactional id prefix so the two sinks never share ids. */
    public static final String RESULTS_SINK = "results";
    public static final String DEAD_LETTERS_SINK = "dead-letters";

    private KafkaJob() {
    }

    /** The job's topics: input, results and dead letters, each with {@code partitions}. */
    public static List<KafkaTopics.Spec> topics(JobConfig config, int partitions, short replicationFactor) {
        return List.of(
                KafkaTopics.Spec.of(config.imagesTopic(), partitions).withReplicationFactor(replicationFactor)
                        .withConfig("max.message.bytes", Integer.toString(8 * 1024 * 1024)),
                KafkaTopics.Spec.of(config.resultsTopic(), partitions).withReplicationFactor(replicationFactor),
                KafkaTopics.Spec.of(config.deadLettersTopic(), partitions).withReplicationFactor(replicationFactor));
    }

    public static KafkaSource<RawRecord> source(JobConfig config, KafkaClientSettings settings, String groupId,
                                                KafkaSources.Bounds bounds) {
        return KafkaSources.rawRecords(settings, List.of(config.imagesTopic()), groupId, bounds);
    }

    /** Bounded out-of-orderness and idleness from the job settings, on the Kafka record timestamps. */
    public static WatermarkStrategy<RawRecord> watermarks(JobConfig config) {
        return KafkaSources.watermarks(Duration.ofMillis(config.outOfOrdernessMillis()), Duration.ofMillis(config.idleTimeoutMillis()));
    }

    public static KafkaSink<MatchResult> resultSink(JobConfig config, KafkaClientSettings settings, KafkaSinks.Delivery delivery) {
        return KafkaSinks.json(settings, config.resultsTopic(), delivery.forSink(RESULTS_SINK), new ResultJson());
    }

    public static KafkaSink<DeadLetter> deadLetterSink(JobConfig config, KafkaClientSettings settings, KafkaSinks.Delivery delivery) {
        return KafkaSinks.json(settings, config.deadLettersTopic(), delivery.forSink(DEAD_LETTERS_SINK), new DeadLetterRecordJson());
    }

    static final class ResultJson implements KafkaSinks.JsonRecord<MatchResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public String key(MatchResult r) {
            return r.id();
        }

        @Override
        public byte[] json(MatchResult r) {
            return MatchResultJson.write(r);
        }
    }

    static final class DeadLetterRecordJson implements KafkaSinks.JsonRecord<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public String key(DeadLetter d) {
            return d.id() != null ? d.id() : d.sourceTopic() + "-" + d.partition() + "@" + d.offset();
        }

        @Override
        public byte[] json(DeadLetter d) {
            return DeadLetterJson.write(d);
        }
    }
}
