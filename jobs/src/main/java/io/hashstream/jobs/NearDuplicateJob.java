package io.hashstream.jobs;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.EventLimits;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.pipeline.EncodeOperator;
import io.hashstream.jobs.pipeline.EncoderFactory;
import io.hashstream.jobs.pipeline.GatherFunction;
import io.hashstream.jobs.pipeline.IdRegistryFunction;
import io.hashstream.jobs.pipeline.IndexCommand;
import io.hashstream.jobs.pipeline.IndexRouting;
import io.hashstream.jobs.pipeline.IndexShardFunction;
import io.hashstream.jobs.config.EventTimeLimit;
import io.hashstream.jobs.config.IndexLayout;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.pipeline.Ingested;
import io.hashstream.jobs.pipeline.IngestFunction;
import io.hashstream.jobs.pipeline.QuietAwareWatermarks;
import io.hashstream.jobs.pipeline.RecordEventTime;
import io.hashstream.jobs.pipeline.SavedModelEncoderFactory;
import io.hashstream.jobs.pipeline.ShardAnswer;
import io.hashstream.jobs.pipeline.ShardFanOut;
import io.hashstream.jobs.pipeline.ShardMessage;
import io.hashstream.jobs.pipeline.ShardedIndexFunction;
import io.hashstream.jobs.serde.DeadLetterSerializer;
import io.hashstream.jobs.serde.IndexCommandSerializer;
import io.hashstream.jobs.serde.IngestedSerializer;
import io.hashstream.jobs.serde.MatchResultSerializer;
import io.hashstream.jobs.serde.RawRecordSerializer;
import io.hashstream.jobs.serde.ShardAnswerSerializer;
import io.hashstream.jobs.serde.ShardMessageSerializer;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The real-time near-duplicate job. Plug in a source of raw input records and two sinks (Kafka in
 * production, bounded sources and collecting sinks in tests):
 *
 * <pre>
 * raw records (event-time watermarks per partition) → ingest (parse, validate, load, decode, preprocess)
 *   → encode (batched model calls) → id registry + fan-out, keyed by (tenant, id)
 *   → index shards, keyed by (tenant, model, table, substring value) → gather, keyed by input record
 *   → results sink;   every rejection on the way → dead-letter sink
 * </pre>
 *
 * Event time is the event's own (JSON {@code eventTime}, raw-mode header, else the record
 * timestamp), read in the source by {@link RecordEventTime}; watermarks are generated per input
 * split with the configured bounded out-of-orderness, and Flink combines them as the minimum.
 */
public final class NearDuplicateJob {
    /** Side output of every operator that can refuse a record. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", DeadLetterSerializer.TYPE);

    private final JobConfig config;
    private final EncoderFactory encoders;
    private final Source<RawRecord, ?, ?> source;
    private final Sink<MatchResult> results;
    private final Sink<DeadLetter> deadLetters;

    /** With the SavedModel in {@link JobConfig#modelDir()}. */
    public NearDuplicateJob(JobConfig config, Source<RawRecord, ?, ?> source, Sink<MatchResult> results,
            Sink<DeadLetter> deadLetters) {
        this(config, SavedModelEncoderFactory.of(Path.of(config.modelDir()), config.encoderPrecision()), source, results, deadLetters);
    }

    public NearDuplicateJob(JobConfig config, EncoderFactory encoders, Source<RawRecord, ?, ?> source,
            Sink<MatchResult> results, Sink<DeadLetter> deadLetters) {
        this.config = Objects.requireNonNull(config, "config");
        this.encoders = Objects.requireNonNull(encoders, "encoders");
        this.source = Objects.requireNonNull(source, "source");
        this.results = Objects.requireNonNull(results, "results");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /** An environment with the job's Flink settings (state backend, checkpointing, parallelism, no Kryo). */
    public static StreamExecutionEnvironment environment(JobConfig config) {
        return StreamExecutionEnvironment.getExecutionEnvironment(config.toFlinkConfiguration());
    }

    /** Adds the job's operators to {@code env}. */
    public void attachTo(StreamExecutionEnvironment env) {
        checkIndexLayout(config, encoders.bits());
        // Watermarks per input split (Kafka partition), from each record's event time: the combined
        // watermark is the minimum over partitions, so draining one partition's backlog before another's
        // cannot make the other's events late, and answers do not depend on read order. (A Kafka input
        // keeps each partition's progress across restores: KafkaJob.source.)
        DataStream<RawRecord> input = env.fromSource(source, eventTime(config), "input", RawRecordSerializer.TYPE)
                .uid("input");

        SingleOutputStreamOperator<Ingested> ingested = input
                .process(new IngestFunction(config.inputFormat(), encoders, EventLimits.defaults(), config.eventTimeLimit(), config.jpegDecode(),
                        config.uriLoader(), DEAD_LETTERS), IngestedSerializer.TYPE)
                .name("parse-decode").uid("ingest");

        SingleOutputStreamOperator<IndexCommand> encoded = ingested
                .transform("encode", IndexCommandSerializer.TYPE,
                        new EncodeOperator(encoders, config.batchSize(), config.flushMillis(), config.encodeOverlap(),
                                DEAD_LETTERS))
                .uid("encode");

        IndexStages index = attachIndex(config, encoded);

        index.results().sinkTo(results).name("results").uid("results-sink");
        ingested.getSideOutput(DEAD_LETTERS)
                .union(encoded.getSideOutput(DEAD_LETTERS), index.deadLetters())
                .sinkTo(deadLetters).name("dead-letters").uid("dead-letters-sink");
    }

    private static IndexRouting routing(JobConfig config) {
        return config.effectiveIndexLayout() == IndexLayout.SHARDS
                ? IndexRouting.forPackedShards(config.radius(), config.substrings())
                : new IndexRouting(config.radius(), config.substrings());
    }

    /**
     * Fails when the job is built, not at its first image (which every restart would replay), if the
     * index cannot hold the model's codes at the configured radius and substrings.
     */
    static void checkIndexLayout(JobConfig config, int bits) {
        if (config.radius() >= bits) {
            // Every code is within such a radius of every other: each image would match the whole index.
            throw new IllegalArgumentException("radius " + config.radius() + " is not below the model's " + bits
                    + "-bit code length");
        }
        try {
            routing(config).layout(bits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("index layout " + config.effectiveIndexLayout() + " for the model's "
                    + bits + "-bit codes: " + e.getMessage(), e);
        }
    }

    /** What the index stages put out: one result per encoded image, and the registry's rejections. */
    public record IndexStages(DataStream<MatchResult> results, DataStream<DeadLetter> deadLetters) {
    }

    /**
     * The job from encoded images on: id registry → index shards → gather, with the job's operators,
     * uids and serializers. {@link #attachTo} uses it; the index-scale harness feeds it synthetic codes.
     */
    public static IndexStages attachIndex(JobConfig config, DataStream<IndexCommand> encoded) {
        if (config.effectiveIndexLayout() == IndexLayout.SHARDS) {
            return attachShardedIndex(config, encoded);
        }
        IndexRouting routing = routing(config);
        SingleOutputStreamOperator<ShardMessage> routed = encoded
                .keyBy(IndexCommand::registryKey, Types.STRING)
                .process(new IdRegistryFunction(routing, config.retentionMillis(), DEAD_LETTERS), ShardMessageSerializer.TYPE)
                .name("id-registry").uid("id-registry");

        SingleOutputStreamOperator<ShardAnswer> answers = routed
                .keyBy(ShardMessage::shardKey, Types.STRING)
                .process(new IndexShardFunction(config.radius(), config.retentionMillis(), config.hotBucketCap()),
                        ShardAnswerSerializer.TYPE)
                .name("index-shards").uid("index-shards");

        return new IndexStages(gather(config, answers), routed.getSideOutput(DEAD_LETTERS));
    }

    /** The {@code shards} layout: fan-out by id hash → packed index shards → gather. */
    private static IndexStages attachShardedIndex(JobConfig config, DataStream<IndexCommand> encoded) {
        IndexRouting routing = routing(config);
        SingleOutputStreamOperator<ShardMessage> routed = encoded
                .flatMap(new ShardFanOut(config.indexShards()), ShardMessageSerializer.TYPE)
                .name("shard-fan-out").uid("shard-fan-out");
        SingleOutputStreamOperator<ShardAnswer> answers = routed
                .keyBy(ShardMessage::shardKey, Types.STRING)
                .process(new ShardedIndexFunction(routing, config.retentionMillis(), config.hotBucketCap(),
                        config.indexShards(), DEAD_LETTERS), ShardAnswerSerializer.TYPE)
                .name("index-shards").uid("packed-index-shards");
        return new IndexStages(gather(config, answers), answers.getSideOutput(DEAD_LETTERS));
    }

    private static SingleOutputStreamOperator<MatchResult> gather(JobConfig config, DataStream<ShardAnswer> answers) {
        return answers
                .keyBy(a -> a.probe().requestKey(), Types.STRING)
                .process(new GatherFunction(config.radius(), config.maxMatches()), MatchResultSerializer.TYPE)
                .name("gather").uid("gather");
    }

    /**
     * The job's event time and watermarks per input split: {@link RecordEventTime}, bounded
     * out-of-orderness and quiet-split release ({@link QuietAwareWatermarks}).
     */
    public static WatermarkStrategy<RawRecord> eventTime(JobConfig config) {
        long bound = config.outOfOrdernessMillis();
        long quiet = config.idleTimeoutMillis();
        InputFormat format = config.inputFormat();
        EventTimeLimit limit = config.eventTimeLimit();
        return WatermarkStrategy
                .<RawRecord>forGenerator(ctx -> QuietAwareWatermarks.forSourceOnThisThread(bound, quiet))
                .withTimestampAssigner(ctx -> new RecordEventTime(format, limit));
    }

    /** Builds the job into {@code env} and runs it until it ends (bounded input) or fails. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        attachTo(env);
        return env.execute("hashstream near-duplicates");
    }

    public JobConfig config() {
        return config;
    }
}
