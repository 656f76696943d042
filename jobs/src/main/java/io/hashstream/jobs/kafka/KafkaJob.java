package io.hashstream.jobs.kafka;

import java.util.List;

import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.DeadLetterJson;
import io.hashstream.event.MatchResult;
import io.hashstream.event.MatchResultJson;
import io.hashstream.jobs.NearDuplicateJob;
import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.pipeline.QuietAwareWatermarks;
import io.hashstream.jobs.pipeline.RecordEventTime;

/**
 * The near-duplicate job's Kafka side: its topics, its source of raw input records and its two
 * JSON sinks, exactly-once by default (results keyed by event id; dead letters keyed by event id when
 * known, else by the input position), all configured from one {@link KafkaClientSettings}.
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

    /**
     * Adds the near-duplicate job, reading {@code config.imagesTopic()} and writing results and dead
     * letters through Kafka, to {@code env}.
     *
     * @param groupId consumer group of the source (offsets are also committed there on checkpoints)
     */
    public static void attach(StreamExecutionEnvironment env, JobConfig config, KafkaClientSettings settings,
                              KafkaSinks.Delivery delivery, String groupId, KafkaSources.Bounds bounds) {
        attach(env, config, settings, delivery, groupId, bounds, new RawRecordDeserializer());
    }

    /** As above with another deserializer of the input records (tests inject failures this way). */
    public static void attach(StreamExecutionEnvironment env, JobConfig config, KafkaClientSettings settings,
                              KafkaSinks.Delivery delivery, String groupId, KafkaSources.Bounds bounds,
                              KafkaRecordDeserializationSchema<RawRecord> deserializer) {
        new NearDuplicateJob(config, source(config, settings, groupId, bounds, deserializer),
                resultSink(config, settings, delivery), deadLetterSink(config, settings, delivery))
                .attachTo(env);
    }

    /** The job's input: the images topic, each partition's event-time progress kept across restores. */
    public static EventTimeRestoringKafkaSource<RawRecord> source(JobConfig config, KafkaClientSettings settings,
                                                                  String groupId, KafkaSources.Bounds bounds) {
        return source(config, settings, groupId, bounds, new RawRecordDeserializer());
    }

    static EventTimeRestoringKafkaSource<RawRecord> source(JobConfig config, KafkaClientSettings settings, String groupId,
            KafkaSources.Bounds bounds, KafkaRecordDeserializationSchema<RawRecord> deserializer) {
        KafkaSource<RawRecord> kafka = KafkaSources.source(settings, List.of(config.imagesTopic()), groupId, bounds, deserializer);
        // The same event time and watermark formula as the job's watermark strategy (NearDuplicateJob).
        long bound = config.outOfOrdernessMillis();
        return new EventTimeRestoringKafkaSource<>(kafka, new RecordEventTime(config.inputFormat(), config.eventTimeLimit()),
                newest -> QuietAwareWatermarks.watermarkAfter(newest, bound));
    }

    public static KafkaSink<MatchResult> resultSink(JobConfig config, KafkaClientSettings settings, KafkaSinks.Delivery delivery) {
        return KafkaSinks.json(settings, config.resultsTopic(), delivery.forSink(RESULTS_SINK), new ResultJson());
    }

    public static KafkaSink<DeadLetter> deadLetterSink(JobConfig config, KafkaClientSettings settings, KafkaSinks.Delivery delivery) {
        return KafkaSinks.json(settings, config.deadLettersTopic(), delivery.forSink(DEAD_LETTERS_SINK), new DeadLetterRecordJson());
    }

    static final class ResultJson implements KafkaSinks.JsonRecord<MatchResult> {
        private static final long serialVersionUID = 1L;
        /**
         * Largest result value: Kafka's default record limits (the producer's max.request.size and the
         * topic's max.message.bytes, 1 MiB) less room for the key and headers. A larger record would fail
         * the sink, and the restore would replay the same result: a crash loop for every tenant.
         */
        static final int MAX_BYTES = 1_000_000;

        @Override
        public String key(MatchResult r) {
            return r.id();
        }

        @Override
        public byte[] json(MatchResult r) {
            byte[] json = MatchResultJson.write(r);
            return json.length <= MAX_BYTES ? json : MatchResultJson.write(nearestThatFit(r, MAX_BYTES));
        }

        /**
         * {@code r} with as many of its nearest matches as fit in {@code maxBytes} (as {@code max-matches}
         * keeps the nearest); the cluster id still comes from all of them.
         */
        static MatchResult nearestThatFit(MatchResult r, int maxBytes) {
            int fits = 0;
            int tooMany = r.matches().size();
            while (tooMany - fits > 1) { // invariant: fits fits, tooMany does not
                int mid = (fits + tooMany) >>> 1;
                if (MatchResultJson.write(withMatches(r, mid)).length <= maxBytes) {
                    fits = mid;
                } else {
                    tooMany = mid;
                }
            }
            return withMatches(r, fits);
        }

        private static MatchResult withMatches(MatchResult r, int n) {
            return new MatchResult(r.id(), r.tenant(), r.eventTime(), r.modelId(), r.code(), r.bits(),
                    r.matches().subList(0, n), r.clusterId());
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
