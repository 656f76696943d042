package io.hashstream.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import io.hashstream.fetch.UriLoaderConfig;
import io.hashstream.image.JpegDecode;
import io.hashstream.model.EncoderPrecision;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Every setting of the near-duplicate job in one place. {@link #defaults()} is what the embedded
 * run uses; {@link #fromMap(Map)} reads the same settings from {@code key -> value} strings (command
 * line options or a Flink configuration), with the keys listed in {@link #KEYS}.
 *
 * @param imagesTopic input topic: image events and delete events (id, tenant)
 * @param resultsTopic topic the match results are written to
 * @param deadLettersTopic topic the rejected records are written to
 * @param inputFormat how image-topic values are read
 * @param radius Hamming radius r: matches are the earlier images within distance r (inclusive)
 * @param substrings m, the number of substrings (index tables); 0 picks a default from the code length and r
 * @param batchSize B, the encoder's largest batch
 * @param flushMillis T, the longest an event waits in the encoder's batch (processing time)
 * @param encodeOverlap whether a task goes on decoding while the model encodes its last full batch
 * @param outOfOrdernessMillis bounded out-of-orderness of event times; the index answers once the
 *     watermark passes an event, so this is also the least added latency
 * @param idleTimeoutMillis an input split without records for this long releases its last events and
 *     stops holding back the watermark (0 = never)
 * @param eventTimeMaxAheadMillis how far an event's time may lie ahead of its Kafka record's timestamp;
 *     further ahead it is a dead letter ({@code event.bad_event_time}) and its record timestamp counts for
 *     the watermark, so one event stamped far in the future cannot stall every answer
 * @param watermarkIntervalMillis how often the sources emit watermarks (Flink's
 *     {@code pipeline.auto-watermark-interval}); up to one interval adds to every answer's latency
 * @param bufferTimeoutMillis longest a record waits in a not yet full network buffer (Flink's
 *     {@code execution.buffer-timeout.interval}, 100 ms by default); the job's events cross three keyed
 *     exchanges, and watermarks wait in the same buffers
 * @param retentionMillis index entries older than this (event time) are evicted and never matched
 * @param hotBucketCap most postings kept per index bucket (see the README's hot-bucket policy)
 * @param indexLayout how the index is kept in keyed state: a key per bucket, or a packed index per shard
 *     ({@code auto}: shards on the heap backend, buckets on RocksDB; see {@link #effectiveIndexLayout()})
 * @param indexShards shards per tenant in the {@code shards} layout (fixed for the life of the state: an
 *     id's shard is a hash of the id modulo this)
 * @param maxMatches most matches listed in one result (nearest first), so a result always fits a Kafka record
 * @param modelDir directory of the SavedModel + model card the encoder loads
 * @param encoderPrecision fp32, or bf16 where the TaskManagers' CPUs have bfloat16 instructions (faster,
 *     codes may differ from float32 by a few bits; see {@link EncoderPrecision})
 * @param jpegDecode exact (default), or dct-scaled: plain JPEGs reduced in libjpeg-turbo's inverse DCT
 *     (decoding 1.5× cheaper for 256×256 and 1024×768 JPEGs; codes may differ by a few bits; see
 *     {@link JpegDecode})
 * @param stateBackend heap (default) or RocksDB
 * @param checkpointIntervalMillis checkpoint interval; 0 disables checkpointing
 * @param parallelism job parallelism; 0 keeps the environment's default
 * @param uriLoader the {@code uri-*} settings of {@link UriLoaderConfig} (over {@link UriLoaderConfig#denyAll()}):
 *     which image URIs the job may load; empty refuses every URI
 */
public record JobConfig(
        String imagesTopic,
        String resultsTopic,
        String deadLettersTopic,
        InputFormat inputFormat,
        int radius,
        int substrings,
        int batchSize,
        long flushMillis,
        boolean encodeOverlap,
        long outOfOrdernessMillis,
        long idleTimeoutMillis,
        long eventTimeMaxAheadMillis,
        long watermarkIntervalMillis,
        long bufferTimeoutMillis,
        long retentionMillis,
        int hotBucketCap,
        IndexLayout indexLayout,
        int indexShards,
        int maxMatches,
        String modelDir,
        EncoderPrecision encoderPrecision,
        JpegDecode jpegDecode,
        StateBackendKind stateBackend,
        long checkpointIntervalMillis,
        int parallelism,
        Map<String, String> uriLoader)
        implements Serializable {

    public static final String IMAGES_TOPIC = "images-topic";
    public static final String RESULTS_TOPIC = "results-topic";
    public static final String DEAD_LETTERS_TOPIC = "dead-letters-topic";
    public static final String INPUT_FORMAT = "input-format";
    public static final String RADIUS = "radius";
    public static final String SUBSTRINGS = "substrings";
    public static final String BATCH_SIZE = "batch-size";
    public static final String FLUSH_MS = "flush-ms";
    public static final String ENCODE_OVERLAP = "encode-overlap";
    public static final String OUT_OF_ORDERNESS_MS = "out-of-orderness-ms";
    public static final String IDLE_TIMEOUT_MS = "idle-timeout-ms";
    public static final String EVENT_TIME_MAX_AHEAD_MS = "event-time-max-ahead-ms";
    public static final String WATERMARK_INTERVAL_MS = "watermark-interval-ms";
    public static final String BUFFER_TIMEOUT_MS = "buffer-timeout-ms";
    public static final String RETENTION_MS = "retention-ms";
    public static final String HOT_BUCKET_CAP = "hot-bucket-cap";
    public static final String INDEX_LAYOUT = "index-layout";
    public static final String INDEX_SHARDS = "index-shards";
    public static final String MAX_MATCHES = "max-matches";
    public static final String MODEL_DIR = "model-dir";
    public static final String ENCODER_PRECISION = "encoder-precision";
    public static final String JPEG_DECODE = "jpeg-decode";
    public static final String STATE_BACKEND = "state-backend";
    public static final String CHECKPOINT_INTERVAL_MS = "checkpoint-interval-ms";
    public static final String PARALLELISM = "parallelism";

    private static final List<String> OWN_KEYS = List.of(
            IMAGES_TOPIC, RESULTS_TOPIC, DEAD_LETTERS_TOPIC, INPUT_FORMAT, RADIUS, SUBSTRINGS,
            BATCH_SIZE, FLUSH_MS, ENCODE_OVERLAP, OUT_OF_ORDERNESS_MS, IDLE_TIMEOUT_MS, EVENT_TIME_MAX_AHEAD_MS, WATERMARK_INTERVAL_MS, BUFFER_TIMEOUT_MS, RETENTION_MS, HOT_BUCKET_CAP, INDEX_LAYOUT, INDEX_SHARDS, MAX_MATCHES, MODEL_DIR,
            ENCODER_PRECISION, JPEG_DECODE, STATE_BACKEND, CHECKPOINT_INTERVAL_MS, PARALLELISM);

    /** Every key {@link #fromMap(Map)} understands, in documentation order (the URI loader's last). */
    public static final List<String> KEYS = Stream.concat(OWN_KEYS.stream(), UriLoaderConfig.KEYS.stream()).toList();

    public JobConfig {
        requireTopicName(imagesTopic, IMAGES_TOPIC);
        requireTopicName(resultsTopic, RESULTS_TOPIC);
        requireTopicName(deadLettersTopic, DEAD_LETTERS_TOPIC);
        // Output into the input loops: the job would read its own results or dead letters back as input.
        if (imagesTopic.equals(resultsTopic) || imagesTopic.equals(deadLettersTopic)) {
            throw new IllegalArgumentException("the results and dead-letters topics must not be the images topic ("
                    + imagesTopic + "): the job would read its own output back, forever");
        }
        Objects.requireNonNull(inputFormat, INPUT_FORMAT);
        Objects.requireNonNull(stateBackend, STATE_BACKEND);
        Objects.requireNonNull(indexLayout, INDEX_LAYOUT);
        Objects.requireNonNull(modelDir, MODEL_DIR);
        Objects.requireNonNull(encoderPrecision, ENCODER_PRECISION);
        Objects.requireNonNull(jpegDecode, JPEG_DECODE);
        check(radius >= 0 && radius <= 1024, RADIUS, "in [0, 1024]", radius);
        check(substrings >= 0 && substrings <= 64, SUBSTRINGS, "in [0, 64] (0 = default)", substrings);
        check(batchSize >= 1 && batchSize <= 65_536, BATCH_SIZE, "in [1, 65536]", batchSize);
        check(flushMillis >= 1, FLUSH_MS, ">= 1", flushMillis);
        check(outOfOrdernessMillis >= 0, OUT_OF_ORDERNESS_MS, ">= 0", outOfOrdernessMillis);
        check(idleTimeoutMillis >= 0, IDLE_TIMEOUT_MS, ">= 0 (0 = never idle)", idleTimeoutMillis);
        check(eventTimeMaxAheadMillis >= 0, EVENT_TIME_MAX_AHEAD_MS, ">= 0", eventTimeMaxAheadMillis);
        check(watermarkIntervalMillis >= 1, WATERMARK_INTERVAL_MS, ">= 1", watermarkIntervalMillis);
        check(bufferTimeoutMillis >= 0, BUFFER_TIMEOUT_MS, ">= 0 (0 = flush after every record)", bufferTimeoutMillis);
        check(retentionMillis >= 1, RETENTION_MS, ">= 1", retentionMillis);
        check(hotBucketCap >= 1, HOT_BUCKET_CAP, ">= 1", hotBucketCap);
        check(indexShards >= 1 && indexShards <= 4096, INDEX_SHARDS, "in [1, 4096]", indexShards);
        if (indexLayout == IndexLayout.SHARDS && stateBackend != StateBackendKind.HEAP) {
            // A shard's index is one state value: RocksDB would read and write all of it per message.
            throw new IllegalArgumentException("job setting '" + INDEX_LAYOUT + "' shards needs '" + STATE_BACKEND
                    + "' heap; with rocksdb use index-layout buckets");
        }
        check(maxMatches >= 1, MAX_MATCHES, ">= 1", maxMatches);
        check(checkpointIntervalMillis >= 0, CHECKPOINT_INTERVAL_MS, ">= 0 (0 = off)", checkpointIntervalMillis);
        check(parallelism >= 0, PARALLELISM, ">= 0 (0 = environment default)", parallelism);
        // Validates, and keeps one canonical (complete) form so equal settings give equal configs.
        uriLoader = Collections.unmodifiableMap(UriLoaderConfig.denyAll().with(uriLoader).toMap());
    }

    /** The index layout the job builds: {@code auto} resolved by the state backend. */
    public IndexLayout effectiveIndexLayout() {
        if (indexLayout != IndexLayout.AUTO) {
            return indexLayout;
        }
        return stateBackend == StateBackendKind.HEAP ? IndexLayout.SHARDS : IndexLayout.BUCKETS;
    }

    /**
     * How long a checkpoint may take before Flink abandons it (and tries the next). A transaction can
     * stay open for about two of them (KafkaSinks.Delivery#longestWaitForCommit), which the sinks'
     * 10-minute transactions must outlast: one the broker aborts is a checkpoint's results lost.
     */
    public static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(4);

    /** The embedded run's settings. */
    public static JobConfig defaults() {
        return new JobConfig(
                "images", "results", "dead-letters",
                InputFormat.JSON,
                6, 0,
                64, 50L,
                // the model encodes one batch while the task decodes the next (BENCHMARKS.md, O1)
                true,
                200L, 1_000L,
                // an hour: producers' clocks may drift, a microsecond or hostile timestamp may not stall the job
                Duration.ofHours(1).toMillis(),
                // Flink's watermark interval; 10 ms buffers instead of Flink's 100 ms: p50 586 -> 361 ms at
                // 250 events/s, throughput within noise (BENCHMARKS.md, Pipeline performance, P2)
                200L, 10L,
                Duration.ofDays(7).toMillis(),
                10_000,
                // shards on heap (about 4x less heap, 10x smaller savepoints), buckets on RocksDB
                // (BENCHMARKS.md, Packed shards, S6)
                IndexLayout.AUTO, 8,
                1_000,
                "models/default",
                // float32: codes independent of the TaskManager's CPU (bf16 is opt-in, BENCHMARKS.md, bfloat16)
                EncoderPrecision.FP32,
                // every pixel, as the models were trained (dct-scaled is opt-in, BENCHMARKS.md, DCT-scaled JPEG decoding)
                JpegDecode.EXACT,
                StateBackendKind.HEAP,
                5_000L,
                0,
                Map.of());
    }

    /** Defaults overridden by the given settings. Unknown keys and malformed values are errors. */
    public static JobConfig fromMap(Map<String, String> settings) {
        return defaults().with(settings);
    }

    /** This configuration overridden by the given settings. Unknown keys and malformed values are errors. */
    public JobConfig with(Map<String, String> settings) {
        Map<String, String> m = new LinkedHashMap<>(toMap());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown job setting '" + e.getKey() + "'; known: " + KEYS);
            }
            m.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()).trim());
        }
        return new JobConfig(
                m.get(IMAGES_TOPIC), m.get(RESULTS_TOPIC), m.get(DEAD_LETTERS_TOPIC),
                parse(m, INPUT_FORMAT, (k, v) -> InputFormat.valueOf(v.toUpperCase(Locale.ROOT))),
                parse(m, RADIUS, (k, v) -> Integer.parseInt(v)),
                parse(m, SUBSTRINGS, (k, v) -> Integer.parseInt(v)),
                parse(m, BATCH_SIZE, (k, v) -> Integer.parseInt(v)),
                parse(m, FLUSH_MS, (k, v) -> Long.parseLong(v)),
                parse(m, ENCODE_OVERLAP, (k, v) -> UriLoaderConfig.parseFlag(v)),
                parse(m, OUT_OF_ORDERNESS_MS, (k, v) -> Long.parseLong(v)),
                parse(m, IDLE_TIMEOUT_MS, (k, v) -> Long.parseLong(v)),
                parse(m, EVENT_TIME_MAX_AHEAD_MS, (k, v) -> Long.parseLong(v)),
                parse(m, WATERMARK_INTERVAL_MS, (k, v) -> Long.parseLong(v)),
                parse(m, BUFFER_TIMEOUT_MS, (k, v) -> Long.parseLong(v)),
                parse(m, RETENTION_MS, (k, v) -> Long.parseLong(v)),
                parse(m, HOT_BUCKET_CAP, (k, v) -> Integer.parseInt(v)),
                parse(m, INDEX_LAYOUT, (k, v) -> IndexLayout.valueOf(v.toUpperCase(Locale.ROOT))),
                parse(m, INDEX_SHARDS, (k, v) -> Integer.parseInt(v)),
                parse(m, MAX_MATCHES, (k, v) -> Integer.parseInt(v)),
                m.get(MODEL_DIR),
                parse(m, ENCODER_PRECISION, (k, v) -> EncoderPrecision.parse(v)),
                parse(m, JPEG_DECODE, (k, v) -> JpegDecode.parse(v)),
                parse(m, STATE_BACKEND, (k, v) -> StateBackendKind.valueOf(v.toUpperCase(Locale.ROOT))),
                parse(m, CHECKPOINT_INTERVAL_MS, (k, v) -> Long.parseLong(v)),
                parse(m, PARALLELISM, (k, v) -> Integer.parseInt(v)),
                uriSettings(m));
    }

    private static Map<String, String> uriSettings(Map<String, String> m) {
        Map<String, String> uri = new LinkedHashMap<>();
        for (String key : UriLoaderConfig.KEYS) {
            if (m.containsKey(key)) {
                uri.put(key, m.get(key));
            }
        }
        try {
            return UriLoaderConfig.denyAll().with(uri).toMap();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad URI loader setting: " + e.getMessage(), e);
        }
    }

    /** Every setting as {@code key -> value}; {@code fromMap(c.toMap()).equals(c)}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(IMAGES_TOPIC, imagesTopic);
        m.put(RESULTS_TOPIC, resultsTopic);
        m.put(DEAD_LETTERS_TOPIC, deadLettersTopic);
        m.put(INPUT_FORMAT, inputFormat.name().toLowerCase(Locale.ROOT));
        m.put(RADIUS, Integer.toString(radius));
        m.put(SUBSTRINGS, Integer.toString(substrings));
        m.put(BATCH_SIZE, Integer.toString(batchSize));
        m.put(FLUSH_MS, Long.toString(flushMillis));
        m.put(ENCODE_OVERLAP, Boolean.toString(encodeOverlap));
        m.put(OUT_OF_ORDERNESS_MS, Long.toString(outOfOrdernessMillis));
        m.put(IDLE_TIMEOUT_MS, Long.toString(idleTimeoutMillis));
        m.put(EVENT_TIME_MAX_AHEAD_MS, Long.toString(eventTimeMaxAheadMillis));
        m.put(WATERMARK_INTERVAL_MS, Long.toString(watermarkIntervalMillis));
        m.put(BUFFER_TIMEOUT_MS, Long.toString(bufferTimeoutMillis));
        m.put(RETENTION_MS, Long.toString(retentionMillis));
        m.put(HOT_BUCKET_CAP, Integer.toString(hotBucketCap));
        m.put(INDEX_LAYOUT, indexLayout.name().toLowerCase(Locale.ROOT));
        m.put(INDEX_SHARDS, Integer.toString(indexShards));
        m.put(MAX_MATCHES, Integer.toString(maxMatches));
        m.put(MODEL_DIR, modelDir);
        m.put(ENCODER_PRECISION, encoderPrecision.toString());
        m.put(JPEG_DECODE, jpegDecode.setting());
        m.put(STATE_BACKEND, stateBackend.name().toLowerCase(Locale.ROOT));
        m.put(CHECKPOINT_INTERVAL_MS, Long.toString(checkpointIntervalMillis));
        m.put(PARALLELISM, Integer.toString(parallelism));
        m.putAll(uriLoader);
        return m;
    }

    /**
     * Reads the settings from a Flink configuration, where each carries the prefix {@code hashstream.}. A
     * key with the prefix that is no setting (a misspelling: {@code hashstream.raduis}) is an error, as it
     * is for {@code --set}: silently ignored, it would leave the default in force.
     */
    public static JobConfig fromFlinkConfiguration(Configuration flink) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flink.toMap().entrySet()) {
            if (e.getKey().startsWith(FLINK_PREFIX)) {
                String key = e.getKey().substring(FLINK_PREFIX.length());
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown job setting '" + e.getKey() + "' in the Flink configuration;"
                            + " known: " + KEYS.stream().map(k -> FLINK_PREFIX + k).toList());
                }
                m.put(key, e.getValue());
            }
        }
        return fromMap(m);
    }

    /** The prefix of the job's settings among Flink's. */
    public static final String FLINK_PREFIX = "hashstream.";

    /**
     * The Flink settings this configuration implies: state backend, checkpointing, parallelism,
     * watermark interval, network buffer timeout, and generic types disabled (every type on the job's
     * streams and in its state has an explicit serializer).
     */
    public Configuration toFlinkConfiguration() {
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, stateBackend.flinkName());
        if (checkpointIntervalMillis > 0) {
            c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(checkpointIntervalMillis));
            c.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, CHECKPOINT_TIMEOUT);
        }
        if (parallelism > 0) {
            c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(watermarkIntervalMillis));
        c.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(bufferTimeoutMillis));
        return c;
    }

    /** The bound on event times ahead of record timestamps, for the source and the parser. */
    public EventTimeLimit eventTimeLimit() {
        return new EventTimeLimit(eventTimeMaxAheadMillis);
    }

    public JobConfig withRadius(int r) {
        return with(Map.of(RADIUS, Integer.toString(r)));
    }

    public JobConfig withSubstrings(int m) {
        return with(Map.of(SUBSTRINGS, Integer.toString(m)));
    }

    private static <T> T parse(Map<String, String> m, String key, BiFunction<String, String, T> parser) {
        String v = m.get(key);
        try {
            return parser.apply(key, v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value for job setting '" + key + "': '" + v + "'", e);
        }
    }

    /** Kafka's rule for topic names, checked here rather than by the first client that uses the name. */
    private static void requireTopicName(String s, String key) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("job setting '" + key + "' must not be blank");
        }
        if (!s.matches("[A-Za-z0-9._-]{1,249}") || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException("job setting '" + key + "' must be a Kafka topic name (1-249 of"
                    + " [A-Za-z0-9._-], not '.' or '..'), got '" + s + "'");
        }
    }

    private static void check(boolean ok, String key, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("job setting '" + key + "' must be " + rule + ", got " + value);
        }
    }
}
