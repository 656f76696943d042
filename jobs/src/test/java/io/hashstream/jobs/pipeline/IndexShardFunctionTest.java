package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.Match;
import io.hashstream.jobs.serde.ShardAnswerSerializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import io.hashstream.jobs.pipeline.IndexTestEvents.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class IndexShardFunctionTest {
    private static final String BUCKET = "bucket-a";
    private static final int RADIUS = 4;

    private static KeyedOneInputStreamOperatorTestHarness<String, ShardMessage, ShardAnswer> harness(
            long retention, int cap) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IndexShardFunction(RADIUS, retention, cap)),
                ShardMessage::shardKey, Types.STRING);
        h.setup(ShardAnswerSerializer.INSTANCE);
        return h;
    }

    private static ShardMessage msg(ShardMessage.Kind kind, String bucket, String id, long time, BinaryCode code) {
        int expected = kind.answers() ? 1 : 0;
        return new ShardMessage(kind, bucket, 0,
                new Probe("req-" + id + "-" + kind, "t", id, time, 0L, "model", code, expected));
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, ShardMessage, ShardAnswer> h,
            ShardMessage m) throws Exception {
        h.processElement(m, m.probe().eventTime());
    }

    /** id -> sorted candidate ids, for the answers output so far. */
    private static Map<String, List<String>> answers(
            KeyedOneInputStreamOperatorTestHarness<String, ShardMessage, ShardAnswer> h) {
        Map<String, List<String>> out = new TreeMap<>();
        for (ShardAnswer a : h.extractOutputValues()) {
            List<String> ids = new ArrayList<>(a.candidates().stream().map(Match::id).toList());
            Collections.sort(ids);
            assertThat(out.put(a.probe().id(), ids)).as("one answer per probe").isNull();
        }
        return out;
    }

    @Test
    void aRemovalTakesTheEntryWithTheRegisteredCodeWhenALateReSendSharesTheBucket() throws Exception {
        // 'a' is indexed at 30 with code Y; a late copy of 'a' at 10 with code X, and the registry's
        // removal of X at 30, reach the bucket after the watermark passed 30. The removal is of X: Y,
        // still registered, must stay findable.
        Random rnd = new Random(3);
        BinaryCode y = TestCodes.random(rnd, 64);
        BinaryCode x = TestCodes.near(rnd, y, 1); // a near-duplicate, in the same bucket here
        assertThat(candidatesAfterALateOlderCopy(y, x)).as("Y, not X").containsExactly(new Match("a", 0, 30));
    }

    /**
     * "a" indexed at 30 with {@code newer}; then, after the watermark passed 30, a late copy at 10 with
     * {@code older} and the registry's removal of {@code older} at 30. Returns what "b" at 60 with
     * {@code newer} finds.
     */
    private static List<Match> candidatesAfterALateOlderCopy(BinaryCode newer, BinaryCode older) throws Exception {
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, "a", 30, newer));
            h.processWatermark(new Watermark(40));
            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, "a", 10, older));
            feed(h, msg(ShardMessage.Kind.DELETE, BUCKET, "a", 30, older));
            h.processWatermark(new Watermark(50));
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "b", 60, newer));
            h.processWatermark(new Watermark(70));
            return h.extractOutputValues().stream().filter(a -> a.probe().id().equals("b")).findFirst().orElseThrow()
                    .candidates();
        }
    }

    @Test
    void aRemovalTakesTheOlderEntryWhenALateReSendHasTheSameCode() throws Exception {
        // As above with one code for both versions: the removal must still take the late older copy (10),
        // not the newer one (30) that the bucket holds first.
        BinaryCode y = TestCodes.random(new Random(4), 64);
        assertThat(candidatesAfterALateOlderCopy(y, y)).containsExactly(new Match("a", 0, 30));
    }

    @Test
    void answersDependOnEventTimeNotOnArrivalOrder() throws Exception {
        Random rnd = new Random(7);
        List<Event> events = IndexTestEvents.clustered(rnd, 60);
        Map<String, List<String>> expected = IndexTestEvents.oracle(events, Long.MAX_VALUE, RADIUS);
        assertThat(expected.values().stream().mapToInt(List::size).sum()).as("the data has matches").isGreaterThan(100);

        for (int round = 0; round < 3; round++) {
            List<Event> arrival = new ArrayList<>(events);
            Collections.shuffle(arrival, rnd);
            try (var h = harness(Long.MAX_VALUE, 10_000)) {
                h.open();
                for (Event e : arrival) {
                    feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, e.id(), e.time(), e.code()));
                }
                assertThat(h.extractOutputValues()).as("nothing answered before the watermark").isEmpty();
                h.processWatermark(new Watermark(Long.MAX_VALUE));
                assertThat(answers(h)).isEqualTo(expected);
            }
        }
    }

    @Test
    void boundedDisorderWithAdvancingWatermarksGivesTheSameAnswers() throws Exception {
        Random rnd = new Random(11);
        List<Event> events = new ArrayList<>(IndexTestEvents.clustered(rnd, 80));
        events.sort((a, b) -> Long.compare(a.time(), b.time()));
        Map<String, List<String>> expected = IndexTestEvents.oracle(events, Long.MAX_VALUE, RADIUS);
        // Swap neighbours to create disorder of at most a few ms, and follow each record with the
        // watermark a bounded-out-of-orderness generator (bound 5) would emit.
        List<Event> arrival = new ArrayList<>(events);
        for (int i = 0; i + 1 < arrival.size(); i += 2) {
            if (arrival.get(i + 1).time() - arrival.get(i).time() <= 5) {
                Collections.swap(arrival, i, i + 1);
            }
        }
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            long maxSeen = Long.MIN_VALUE;
            for (Event e : arrival) {
                feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, e.id(), e.time(), e.code()));
                maxSeen = Math.max(maxSeen, e.time());
                h.processWatermark(new Watermark(maxSeen - 5 - 1));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(answers(h)).isEqualTo(expected);
        }
    }

    @Test
    void restoreFromASnapshotGivesTheSameAnswers() throws Exception {
        Random rnd = new Random(3);
        List<Event> events = IndexTestEvents.clustered(rnd, 50);
        Map<String, List<String>> expected = IndexTestEvents.oracle(events, Long.MAX_VALUE, RADIUS);
        // Before the snapshot: images up to time 14, watermark 10 (times 11..14 still pending in state).
        List<Event> first = events.stream().filter(e -> e.time() < 15).toList();
        List<Event> second = events.stream().filter(e -> e.time() >= 15).toList();
        Map<String, List<String>> got = new TreeMap<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            for (Event e : first) {
                feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, e.id(), e.time(), e.code()));
            }
            h.processWatermark(new Watermark(10)); // some answered, the rest pending in state
            got.putAll(answers(h));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.initializeState(snapshot);
            h.open();
            for (Event e : second) {
                feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, e.id(), e.time(), e.code()));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            got.putAll(answers(h));
        }
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void bucketsRescaleFromOneSubtaskToTwo() throws Exception {
        Random rnd = new Random(21);
        int maxParallelism = 128;
        Map<String, List<Event>> byBucket = new TreeMap<>();
        Map<String, List<String>> expected = new TreeMap<>();
        for (int b = 0; b < 6; b++) {
            List<Event> events = new ArrayList<>();
            for (Event e : IndexTestEvents.clustered(rnd, 20)) {
                events.add(new Event("k" + b + "-" + e.id(), e.time(), e.code()));
            }
            byBucket.put("bucket-" + b, events);
            expected.putAll(IndexTestEvents.oracle(events, Long.MAX_VALUE, RADIUS));
        }
        Map<String, List<String>> got = new TreeMap<>();
        OperatorSubtaskState snapshot;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IndexShardFunction(RADIUS, Long.MAX_VALUE, 10_000)),
                ShardMessage::shardKey, Types.STRING, maxParallelism, 1, 0)) {
            h.setup(ShardAnswerSerializer.INSTANCE);
            h.open();
            for (var bucket : byBucket.entrySet()) {
                for (Event e : bucket.getValue()) {
                    if (e.time() < 15) {
                        feed(h, msg(ShardMessage.Kind.PROBE_INSERT, bucket.getKey(), e.id(), e.time(), e.code()));
                    }
                }
            }
            h.processWatermark(new Watermark(10));
            got.putAll(answers(h));
            snapshot = h.snapshot(1L, 1L);
        }
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new IndexShardFunction(RADIUS, Long.MAX_VALUE, 10_000)),
                    ShardMessage::shardKey, Types.STRING, maxParallelism, 2, subtask)) {
                h.setup(ShardAnswerSerializer.INSTANCE);
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        snapshot, maxParallelism, 1, 2, subtask));
                h.open();
                for (var bucket : byBucket.entrySet()) {
                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(bucket.getKey(), maxParallelism, 2) != subtask) {
                        continue;
                    }
                    for (Event e : bucket.getValue()) {
                        if (e.time() >= 15) {
                            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, bucket.getKey(), e.id(), e.time(), e.code()));
                        }
                    }
                }
                h.processWatermark(new Watermark(Long.MAX_VALUE));
                got.putAll(answers(h));
            }
        }
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void retentionHidesAndEvictsOldEntries() throws Exception {
        BinaryCode c = BinaryCode.ofWords(64, new long[] {0xABCDL});
        try (var h = harness(100, 10_000)) {
            h.open();
            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, "a", 0, c));
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "b", 100, c));
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "c", 101, c));
            h.processWatermark(new Watermark(1_000));
            assertThat(answers(h)).isEqualTo(Map.of("a", List.of(), "b", List.of("a"), "c", List.of()));
            assertThat(h.numKeyedStateEntries()).as("the expired entry and its timer state are gone").isZero();
        }
    }

    @Test
    void deleteRemovesTheEntryForLaterImagesOnly() throws Exception {
        BinaryCode c = BinaryCode.ofWords(64, new long[] {0x1234L});
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "after", 10, c));
            feed(h, msg(ShardMessage.Kind.DELETE, BUCKET, "a", 5, c));
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "before", 3, c));
            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, "a", 0, c));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(answers(h)).isEqualTo(Map.of("a", List.of(), "before", List.of("a"), "after", List.of()));
        }
    }

    @Test
    void anIdSentAgainIsReplacedThroughTheDeleteThatPrecedesItsInsert() throws Exception {
        BinaryCode c = BinaryCode.ofWords(64, new long[] {0x77L});
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, "a", 0, c));
            // what the id registry sends when "a" comes again: its old bucket's DELETE, then the new
            // insert, both at the new event time; arriving insert first must not matter
            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, "a", 10, c));
            feed(h, msg(ShardMessage.Kind.DELETE, BUCKET, "a", 10, c));
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "b", 20, c));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<ShardAnswer> out = h.extractOutputValues();
            assertThat(out).filteredOn(a -> a.probe().id().equals("b")).singleElement()
                    .satisfies(a -> assertThat(a.candidates()).as("one entry for a, the new one")
                            .containsExactly(new Match("a", 0, 10)));
        }
    }

    @Test
    void anIdSentTwiceAtOneEventTimeIsStoredOnceSoOneDeleteRemovesIt() throws Exception {
        // A producer's retry: "a" twice at 10 with one code, and no DELETE from the registry.
        BinaryCode c = BinaryCode.ofWords(64, new long[] {0x77L});
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            for (String request : List.of("offset-1", "offset-2")) {
                feed(h, new ShardMessage(ShardMessage.Kind.PROBE_INSERT, BUCKET, 0,
                        new Probe(request, "t", "a", 10, 0L, "model", c, 1)));
            }
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "b", 15, c));
            feed(h, msg(ShardMessage.Kind.DELETE, BUCKET, "a", 20, c)); // the user deletes "a"
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "c", 30, c));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<ShardAnswer> out = h.extractOutputValues();
            assertThat(out).filteredOn(a -> a.probe().id().equals("b")).singleElement()
                    .satisfies(a -> assertThat(a.candidates()).as("one entry for a").containsExactly(new Match("a", 0, 10)));
            assertThat(out).filteredOn(a -> a.probe().id().equals("c")).singleElement()
                    .satisfies(a -> assertThat(a.candidates()).as("a was deleted").isEmpty());
        }
    }

    @Test
    void aProducersRetryReplacingItsTwinIsNotCountedAsASecondEntry() throws Exception {
        BinaryCode c = BinaryCode.ofWords(64, new long[] {0x77L});
        OperatorMetrics metrics = new OperatorMetrics();
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IndexShardFunction(RADIUS, Long.MAX_VALUE, 10_000)),
                ShardMessage::shardKey, Types.STRING, metrics.environment(128));
        h.setup(ShardAnswerSerializer.INSTANCE);
        try (h) {
            h.open();
            for (String request : List.of("offset-1", "offset-2")) {
                feed(h, new ShardMessage(ShardMessage.Kind.PROBE_INSERT, BUCKET, 0,
                        new Probe(request, "t", "a", 10, 0L, "model", c, 1)));
            }
            h.processWatermark(new Watermark(20));
            assertThat(metrics.gauge("indexEntries")).isEqualTo(1);
        }
    }

    @Test
    void anIdSentTwiceAtOneEventTimeWithTwoCodesKeepsTheSecondOnceTheDeleteAMillisecondLaterRuns() throws Exception {
        // What the registry sends for "a" at 10 with code x, then again at 10 with code y: both inserts, and
        // x's DELETE at 11. The bucket holds both codes here (a near-duplicate pair shares buckets).
        Random rnd = new Random(8);
        BinaryCode x = TestCodes.random(rnd, 64);
        BinaryCode y = TestCodes.near(rnd, x, 2);
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            feed(h, new ShardMessage(ShardMessage.Kind.PROBE_INSERT, BUCKET, 0, new Probe("images-0@9", "t", "a", 10, 0L,
                    "model", x, 1)));
            feed(h, new ShardMessage(ShardMessage.Kind.PROBE_INSERT, BUCKET, 0, new Probe("images-0@10", "t", "a", 10, 0L,
                    "model", y, 1)));
            feed(h, msg(ShardMessage.Kind.DELETE, BUCKET, "a", 11, x));
            feed(h, msg(ShardMessage.Kind.PROBE, BUCKET, "b", 20, x));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).filteredOn(a -> a.probe().id().equals("b")).singleElement()
                    .satisfies(a -> assertThat(a.candidates()).as("y only").containsExactly(new Match("a", 2, 10)));
        }
    }

    @Test
    void fullHotBucketStillAnswersFromTheEntriesItKept() throws Exception {
        BinaryCode blank = BinaryCode.ofWords(64, new long[] {0L});
        try (var h = harness(Long.MAX_VALUE, 3)) {
            h.open();
            for (int i = 1; i <= 6; i++) {
                feed(h, msg(ShardMessage.Kind.PROBE_INSERT, BUCKET, "f" + i, i, blank));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(answers(h)).isEqualTo(Map.of(
                    "f1", List.of(), "f2", List.of("f1"), "f3", List.of("f1", "f2"),
                    "f4", List.of("f1", "f2", "f3"), "f5", List.of("f1", "f2", "f3"),
                    "f6", List.of("f1", "f2", "f3")));
        }
    }

    @Test
    void bucketsAreIndependentKeys() throws Exception {
        BinaryCode c = BinaryCode.ofWords(64, new long[] {42L});
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, "tenant-a-bucket", "a", 1, c));
            feed(h, msg(ShardMessage.Kind.PROBE_INSERT, "tenant-b-bucket", "b", 2, c));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(answers(h)).isEqualTo(Map.of("a", List.of(), "b", List.of()));
        }
    }
}
