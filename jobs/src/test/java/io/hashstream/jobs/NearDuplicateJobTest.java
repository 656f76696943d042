package io.hashstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.DeadLetter;
import io.hashstream.event.DeleteEvent;
import io.hashstream.event.EventFields;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.JpegDecode;
import io.hashstream.image.SafeImageDecoder;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.pipeline.IndexShardFunction;
import io.hashstream.jobs.pipeline.Probe;
import io.hashstream.jobs.pipeline.RandomProjectionEncoder;
import io.hashstream.jobs.serde.RawRecordSerializer;
import io.hashstream.model.Encoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole job on a MiniCluster over bounded, slightly out-of-order input (real PNG and JPEG
 * images, edited copies, two tenants, a delete, malformed records), checked against a brute-force
 * oracle: the same preprocessing and encoder, then every earlier image of the tenant compared by
 * full Hamming distance. Generic types are disabled, so any Kryo fallback fails the job.
 */
@Timeout(300)
class NearDuplicateJobTest {
    private static final int RADIUS = 8;
    private static final long SEED = 17;
    private static final String TOPIC = "images";

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    record Image(String id, String tenant, long time, byte[] bytes) {}

    private static final List<Image> IMAGES = new ArrayList<>();
    private static final Map<String, Long> DELETED_AT = new HashMap<>(); // tenant/id -> delete time
    private static final Map<String, String> EXPECTED_DEAD = new TreeMap<>(); // position -> reason code
    private static final List<RawRecord> RECORDS = new ArrayList<>();

    @BeforeAll
    static void makeInput() throws IOException {
        Random rnd = new Random(SEED);
        InputEventJson json = InputEventJson.withDefaults();
        List<ImageEvent> events = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            BufferedImage base = blocks(rnd);
            String tenant = s % 4 == 0 ? "other" : "acme";
            long t0 = 1_000L + rnd.nextInt(8_000);
            events.add(ImageEvent.inline("src-" + s, tenant, t0, png(base), Map.of()));
            int copies = rnd.nextInt(3);
            for (int c = 0; c < copies; c++) {
                BufferedImage edit = c == 0 ? brighten(base, 12) : base;
                byte[] bytes = c == 1 ? jpeg(edit) : png(edit);
                events.add(ImageEvent.inline("src-" + s + "-copy-" + c, tenant, t0 + 1 + rnd.nextInt(3_000), bytes, Map.of()));
            }
            if (s < 3) {
                // The same picture sent by another tenant at the same moment: never a match across tenants.
                events.add(ImageEvent.inline("src-" + s, "rival", t0, png(base), Map.of()));
            }
        }
        events.sort((a, b) -> Long.compare(a.eventTime(), b.eventTime()));
        List<Object[]> timed = new ArrayList<>(); // {time, value}
        for (ImageEvent e : events) {
            IMAGES.add(new Image(e.id(), e.tenant(), e.eventTime(), e.image()));
            timed.add(new Object[] {e.eventTime(), json.write(e)});
        }
        // Delete the earliest acme image half way through: images after the delete (in event time,
        // then id order) no longer match it.
        Image victim = IMAGES.stream().filter(i -> i.tenant.equals("acme")).findFirst().orElseThrow();
        long deleteAt = 5_001L;
        DELETED_AT.put(victim.tenant + "/" + victim.id, deleteAt);
        timed.add(new Object[] {deleteAt, json.write(new DeleteEvent(victim.id, victim.tenant, deleteAt))});
        // Early in the stream, a valid image stamped in the year 9999, its record at 1,500: a dead letter
        // (event.bad_event_time), never indexed. That it does not move the watermark either is
        // RecordEventTimeTest's: with bounded input every answer would come out right anyway, only late.
        byte[] fromTheFuture = json.write(ImageEvent.inline("from-the-future", "acme", EventFields.MAX_EVENT_TIME,
                png(blocks(rnd)), Map.of()));
        timed.add(new Object[] {1_500L, fromTheFuture});
        timed.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));

        // Bounded disorder: swap neighbours that are less than the out-of-orderness (200 ms) apart.
        for (int i = 0; i + 1 < timed.size(); i += 2) {
            if ((Long) timed.get(i + 1)[0] - (Long) timed.get(i)[0] < 150) {
                Collections.swap(timed, i, i + 1);
            }
        }
        long offset = 0;
        for (Object[] t : timed) {
            if (t[1] == fromTheFuture) {
                EXPECTED_DEAD.put(TOPIC + "-0@" + offset, "event.bad_event_time");
            }
            RECORDS.add(record(offset++, (byte[]) t[1], (Long) t[0]));
        }
        // Malformed records, each with the reason it must be refused for.
        addBad(offset++, "{\"id\": \"broken\", ", "event.invalid_json");
        addBad(offset++, "{\"tenant\": \"acme\", \"eventTime\": 10, \"image\": \"AAAA\"}", "event.missing_id");
        byte[] notAnImage = json.write(ImageEvent.inline("garbage", "acme", 2_000, "certainly not an image".getBytes(
                StandardCharsets.UTF_8), Map.of()));
        RECORDS.add(record(offset, notAnImage, 2_000));
        EXPECTED_DEAD.put(TOPIC + "-0@" + offset++, "image.");
        byte[] unknownDelete = json.write(new DeleteEvent("never-seen", "acme", 3_001));
        RECORDS.add(record(offset, unknownDelete, 3_001));
        EXPECTED_DEAD.put(TOPIC + "-0@" + offset++, "delete.unknown_id");
    }

    private static void addBad(long offset, String value, String reason) {
        RECORDS.add(record(offset, value.getBytes(StandardCharsets.UTF_8), 1_000));
        EXPECTED_DEAD.put(TOPIC + "-0@" + offset, reason);
    }

    static RawRecord record(long offset, byte[] value, long timestamp) {
        return new RawRecord(TOPIC, 0, offset, null, value, List.of(), timestamp);
    }

    @Test
    void anIndexLayoutThatCannotHoldTheModelsCodesFailsWhenTheJobIsBuilt() {
        // Radius 16 on 64 bits with the packed layout's four 16-bit tables probes 4,608 buckets an image:
        // found at the first image, every restart would replay that image and fail again.
        JobConfig tooWide = JobConfig.defaults().with(Map.of(JobConfig.RADIUS, "16", JobConfig.INDEX_LAYOUT, "shards"));
        CollectingSink<MatchResult> results = new CollectingSink<>("layout-check-results");
        CollectingSink<DeadLetter> dead = new CollectingSink<>("layout-check-dead");
        DataGeneratorSource<RawRecord> none = new DataGeneratorSource<>(index -> null, 0, RawRecordSerializer.TYPE);
        assertThatThrownBy(() -> new NearDuplicateJob(tooWide, new RandomProjectionEncoder.Factory(SEED, 64), none, results,
                dead).attachTo(NearDuplicateJob.environment(tooWide)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64-bit codes").hasMessageContaining("set substrings to 5 or more");
        for (String layout : List.of("shards", "buckets")) {
            JobConfig fits = JobConfig.defaults().with(Map.of(JobConfig.RADIUS, "16", JobConfig.INDEX_LAYOUT, layout,
                    JobConfig.SUBSTRINGS, "6"));
            NearDuplicateJob.checkIndexLayout(fits, 64);
        }
        NearDuplicateJob.checkIndexLayout(JobConfig.defaults().with(Map.of(JobConfig.INDEX_LAYOUT, "buckets",
                JobConfig.RADIUS, "16")), 64);
        // The buckets layout clamps its probes, so only the radius itself can say this is a typo (200 for 20).
        assertThatThrownBy(() -> NearDuplicateJob.checkIndexLayout(JobConfig.defaults().with(Map.of(
                JobConfig.INDEX_LAYOUT, "buckets", JobConfig.RADIUS, "200")), 128))
                .hasMessageContaining("radius 200 is not below the model's 128-bit code length");
    }

    @ParameterizedTest(name = "parallelism {0}, {1} state, {2} index layout, {3} JPEG decoding")
    @CsvSource({"1, heap, buckets, exact", "4, heap, buckets, exact", "4, rocksdb, buckets, exact",
            "1, heap, shards, exact", "4, heap, shards, exact", "4, heap, shards, dct-scaled"})
    void resultsEqualABruteForceOracle(int parallelism, String backend, String layout, String jpegDecode)
            throws Exception {
        JpegDecode decoding = JpegDecode.parse(jpegDecode);
        if (decoding == JpegDecode.DCT_SCALED) {
            assumeTrue(SafeImageDecoder.nativeJpegAvailable(), "libjpeg-turbo binding not loaded");
        }
        JobConfig config = JobConfig.defaults().with(Map.of(
                JobConfig.JPEG_DECODE, jpegDecode,
                JobConfig.RADIUS, Integer.toString(RADIUS),
                JobConfig.PARALLELISM, Integer.toString(parallelism),
                JobConfig.STATE_BACKEND, backend,
                JobConfig.INDEX_LAYOUT, layout,
                JobConfig.CHECKPOINT_INTERVAL_MS, "300",
                JobConfig.BATCH_SIZE, "8",
                JobConfig.IDLE_TIMEOUT_MS, "0"));
        StreamExecutionEnvironment env = NearDuplicateJob.environment(config);
        List<RawRecord> records = new ArrayList<>(RECORDS);
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(
                index -> records.get(index.intValue()), records.size(), RawRecordSerializer.TYPE);
        CollectingSink<MatchResult> results = new CollectingSink<>("results-" + parallelism + backend + layout + jpegDecode);
        CollectingSink<DeadLetter> dead = new CollectingSink<>("dead-" + parallelism + backend + layout + jpegDecode);

        new NearDuplicateJob(config, new RandomProjectionEncoder.Factory(SEED, 64), source, results, dead).execute(env);

        Map<String, MatchResult> expected = oracle(IMAGES, DELETED_AT, new RandomProjectionEncoder(SEED, 64), RADIUS,
                decoding);
        if (decoding != JpegDecode.EXACT) {
            assertThat(expected).as("the JPEG copies' codes depend on the decoding")
                    .isNotEqualTo(oracle(IMAGES, DELETED_AT, new RandomProjectionEncoder(SEED, 64), RADIUS));
        }
        List<MatchResult> got = results.values();
        assertThat(got).extracting(r -> r.tenant() + "/" + r.id()).doesNotHaveDuplicates();
        Map<String, MatchResult> byKey = got.stream().collect(Collectors.toMap(r -> r.tenant() + "/" + r.id(), r -> r));
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, MatchResult> e : expected.entrySet()) {
            assertThat(byKey.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(expected.values().stream().mapToInt(r -> r.matches().size()).sum())
                .as("the data has near-duplicates to find").isGreaterThan(20);

        Map<String, String> deadReasons = new TreeMap<>();
        for (DeadLetter d : dead.values()) {
            assertThat(deadReasons.put(d.sourceTopic() + "-" + d.partition() + "@" + d.offset(), d.reason()))
                    .as("one dead letter per record").isNull();
        }
        assertThat(deadReasons.keySet()).isEqualTo(EXPECTED_DEAD.keySet());
        deadReasons.forEach((position, reason) -> assertThat(reason).startsWith(EXPECTED_DEAD.get(position)));
    }

    /**
     * Same preprocessing and encoder, then brute force over every earlier image of the tenant.
     *
     * @param deletedAt tenant/id -> event time of its delete
     */
    static Map<String, MatchResult> oracle(List<Image> images, Map<String, Long> deletedAt, Encoder encoder,
            int radius) throws Exception {
        return oracle(images, deletedAt, encoder, radius, JpegDecode.EXACT);
    }

    /** As {@link #oracle(List, Map, Encoder, int)}, with JPEGs decoded as {@code jpegDecode} says. */
    static Map<String, MatchResult> oracle(List<Image> images, Map<String, Long> deletedAt, Encoder encoder,
            int radius, JpegDecode jpegDecode) throws Exception {
        ImagePipeline pipeline = new ImagePipeline(encoder.input(), jpegDecode);
        Map<Image, BinaryCode> codes = new HashMap<>();
        for (Image i : images) {
            codes.put(i, encoder.encode(pipeline.toModelInput(i.bytes), 1)[0]);
        }
        long retention = JobConfig.defaults().retentionMillis();
        Map<String, MatchResult> out = new TreeMap<>();
        for (Image q : images) {
            List<Match> matches = new ArrayList<>();
            for (Image e : images) {
                Long deleteTime = deletedAt.get(e.tenant + "/" + e.id);
                int d = codes.get(e).distance(codes.get(q));
                if (e.tenant.equals(q.tenant) && d <= radius
                        && IndexShardFunction.visible(e.time, e.id, q.time, q.id, retention)
                        && (deleteTime == null || Probe.compareOrder(q.time, q.id, deleteTime, e.id) < 0)) {
                    matches.add(new Match(e.id, d, e.time));
                }
            }
            out.put(q.tenant + "/" + q.id,
                    MatchResult.of(q.id, q.tenant, q.time, encoder.modelId(), codes.get(q), matches));
        }
        return out;
    }

    /** A 48x48 picture of random coloured 6x6 blocks: structure that survives the 8x8 model input. */
    static BufferedImage blocks(Random rnd) {
        BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        for (int by = 0; by < 8; by++) {
            for (int bx = 0; bx < 8; bx++) {
                int rgb = rnd.nextInt(0x1000000);
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 6; x++) {
                        img.setRGB(bx * 6 + x, by * 6 + y, rgb);
                    }
                }
            }
        }
        return img;
    }

    static BufferedImage brighten(BufferedImage src, int delta) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int r = Math.min(255, ((p >> 16) & 255) + delta);
                int g = Math.min(255, ((p >> 8) & 255) + delta);
                int b = Math.min(255, (p & 255) + delta);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
