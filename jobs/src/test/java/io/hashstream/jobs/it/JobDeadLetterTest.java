package io.hashstream.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.cli.demo.FallbackModel;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;

/**
 * Every malformed event becomes exactly one dead letter with the reason for what is wrong with it,
 * the job keeps running, and the valid events around them still get their results.
 */
class JobDeadLetterTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;

    private static JobHarness harness;
    private static Path model;

    @BeforeAll
    static void start() {
        harness = new JobHarness();
        model = FallbackModel.ensure(dir.resolve("model"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void everyMalformedEventIsADeadLetterWithItsReason() throws Exception {
        List<byte[]> images = TestImages.picturesWithCopies(4, 0, 3);
        byte[] png = images.get(0);
        long t = 1_700_000_000_000L;
        // id -> (value, expected reason)
        Map<String, Object[]> bad = new LinkedHashMap<>();
        bad.put("bad-json", new Object[] {utf8("{\"type\":\"image\",\"id\":"), "event.invalid_json"});
        bad.put("bad-array", new Object[] {utf8("[1,2,3]"), "event.not_object"});
        bad.put("bad-empty", new Object[] {new byte[0], "event.empty"});
        bad.put("bad-no-id", new Object[] {utf8("{\"type\":\"image\",\"tenant\":\"acme\",\"eventTime\":" + t
                + ",\"image\":\"" + java.util.Base64.getEncoder().encodeToString(png) + "\"}"), "event.missing_id"});
        bad.put("bad-type", new Object[] {utf8("{\"type\":\"video\",\"id\":\"bad-type\",\"tenant\":\"acme\",\"eventTime\":" + t + "}"), "event.unknown_type"});
        bad.put("bad-tenant", new Object[] {json("bad-tenant", "not a tenant!", t, png), "event.bad_tenant"});
        bad.put("bad-scheme", new Object[] {utf8("{\"type\":\"image\",\"id\":\"bad-scheme\",\"tenant\":\"acme\",\"eventTime\":" + t
                + ",\"uri\":\"gopher://example.invalid/x.png\"}"), "event.disallowed_scheme"});
        bad.put("bad-truncated", new Object[] {json("bad-truncated", "acme", t, Arrays.copyOf(png, png.length / 2)), "image.truncated"});
        bad.put("bad-noise", new Object[] {json("bad-noise", "acme", t, utf8("this is not an image, just text bytes")), "image.unknown_format"});

        List<TestEvent> events = new ArrayList<>();
        int partition = 0;
        for (int i = 0; i < images.size(); i++) {
            events.add(TestEvent.image("good-" + i, "acme", t + 10L * i, images.get(i), partition++ % JobHarness.PARTITIONS));
        }
        for (Map.Entry<String, Object[]> e : bad.entrySet()) {
            events.add(TestEvent.raw(e.getKey(), t + 5, (byte[]) e.getValue()[0], partition++ % JobHarness.PARTITIONS));
        }

        JobConfig config = harness.newRun(model, 2, InputFormat.JSON);
        harness.send(config, events);
        JobRuns.runToEnd(config, harness.settings);

        List<DeadLetter> deadLetters = harness.deadLetters(config, bad.size());
        List<MatchResult> results = harness.results(config, images.size());
        assertThat(results).extracting(MatchResult::id).containsExactlyInAnyOrder("good-0", "good-1", "good-2", "good-3");
        assertThat(deadLetters).hasSize(bad.size());
        // a dead letter is found by its Kafka key (the record's key is the test's id) through its offset
        Map<String, String> reasonByKey = deadLetters.stream().collect(Collectors.toMap(
                d -> keyOf(events, config, d), DeadLetter::reason));
        bad.forEach((id, v) -> assertThat(reasonByKey.get(id)).as(id).isEqualTo(v[1]));
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.sourceTopic()).isEqualTo(config.imagesTopic()));
    }

    /** The test id of the record a dead letter points at (partition and offset follow from send order). */
    private static String keyOf(List<TestEvent> events, JobConfig config, DeadLetter d) {
        long[] nextOffset = new long[JobHarness.PARTITIONS];
        for (TestEvent e : events) {
            long offset = nextOffset[e.partition()]++;
            if (e.partition() == d.partition() && offset == d.offset()) {
                return e.id();
            }
        }
        throw new AssertionError("no event at " + d.partition() + "@" + d.offset());
    }

    private static byte[] json(String id, String tenant, long t, byte[] image) {
        return utf8("{\"type\":\"image\",\"id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"eventTime\":" + t
                + ",\"image\":\"" + java.util.Base64.getEncoder().encodeToString(image) + "\"}");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
