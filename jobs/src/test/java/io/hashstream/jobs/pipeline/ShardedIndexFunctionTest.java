package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.DeadLetter;
import io.hashstream.event.Match;
import io.hashstream.jobs.NearDuplicateJob;
import io.hashstream.jobs.serde.ShardAnswerSerializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import io.hashstream.jobs.pipeline.IndexTestEvents.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packed-shard layout: images fanned out by {@link ShardFanOut} into {@link ShardedIndexFunction}
 * under Flink's keyed operator harness, every probe's answers from all shards combined, and checked
 * against brute force with the same visibility rule as the bucket layout.
 */
@Timeout(120)
class ShardedIndexFunctionTest {
    private static final int RADIUS = 4;
    private static final int SHARDS = 5;
    private static final int MAX_PARALLELISM = 128;

    private static KeyedOneInputStreamOperatorTestHarness<String, ShardMessage, ShardAnswer> harness(
            long retention, int cap, int parallelism, int subtask) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ShardedIndexFunction(IndexRouting.forPackedShards(RADIUS, 0), retention, cap,
                        SHARDS, NearDuplicateJob.DEAD_LETTERS)),
                ShardMessage::shardKey, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
        h.setup(ShardAnswerSerializer.INSTANCE);
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ShardMessage, ShardAnswer> harness(
            IndexRouting routing, int shards) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ShardedIndexFunction(routing, Long.MAX_VALUE, 10_000, shards,
                        NearDuplicateJob.DEAD_LETTERS)),
                ShardMessage::shardKey, Types.STRING, MAX_PARALLELISM, 1, 0);
        h.setup(ShardAnswerSerializer.INSTANCE);
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ShardMessage, ShardAnswer> harness(
            long retention, int cap) throws Exception {
        return harness(retention, cap, 1, 0);
    }

    private static List<ShardMessage> route(IndexCommand command) {
        List<ShardMessage> out = new ArrayList<>();
        new ShardFanOut(SHARDS).flatMap(command, new Collector<>() {
            @Override
            public void collect(ShardMessage record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    private static EncodedImage image(String id, long time, BinaryCode code) {
        return new EncodedImage(new EventRef("images", 0, time), "t", id, time, 0L, "model", code);
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, ShardMessage, ShardAnswer> h,
            IndexCommand command) throws Exception {
        for (ShardMessage m : route(command)) {
            h.processElement(m, m.probe().eventTime());
        }
    }

    /** probe id -> sorted candidate ids, combining every shard's answer; checks one answer per shard. */
    private static Map<String, List<String>> answers(List<ShardAnswer> out) {
        return answers(out, false);
    }

    /** As {@link #answers(List)}, keyed by "id@time" when {@code byTime} (an id sent twice). */
    private static Map<String, List<String>> answers(List<ShardAnswer> out, boolean byTime) {
        Map<String, List<String>> ids = new TreeMap<>();
        Map<String, Integer> answered = new TreeMap<>();
        for (ShardAnswer a : out) {
            String key = byTime ? a.probe().id() + "@" + a.probe().eventTime() : a.probe().id();
            ids.computeIfAbsent(key, k -> new ArrayList<>()).addAll(a.candidates().stream().map(Match::id).toList());
            answered.merge(key, 1, Integer::sum);
        }
        answered.forEach((id, n) -> assertThat(n).as("answers for " + id).isEqualTo(SHARDS));
        ids.values().forEach(l -> {
            assertThat(l).as("each match reported by one shard").doesNotHaveDuplicates();
            Collections.sort(l);
        });
        return ids;
    }

    @Test
    void answersEqualBruteForceWhateverTheArrivalOrder() throws Exception {
        Random rnd = new Random(7);
        List<Event> events = IndexTestEvents.clustered(rnd, 80);
        Map<String, List<String>> expected = IndexTestEvents.oracle(events, Long.MAX_VALUE, RADIUS);
        assertThat(expected.values().stream().mapToInt(List::size).sum()).as("the data has matches").isGreaterThan(100);
        assertThat(events.stream().map(e -> ShardFanOut.shardOf(e.id(), SHARDS)).distinct().count())
                .as("the ids spread over the shards").isEqualTo(SHARDS);
        for (int round = 0; round < 3; round++) {
            List<Event> arrival = new ArrayList<>(events);
            Collections.shuffle(arrival, rnd);
            try (var h = harness(Long.MAX_VALUE, 10_000)) {
                h.open();
                for (Event e : arrival) {
                    feed(h, image(e.id(), e.time(), e.code()));
                }
                assertThat(h.extractOutputValues()).as("nothing answered before the watermark").isEmpty();
                h.processWatermark(new Watermark(Long.MAX_VALUE));
                assertThat(answers(h.extractOutputValues())).isEqualTo(expected);
            }
        }
    }

    @Test
    void restoreAndRescaleFromOneSubtaskToTwoGiveTheSameAnswers() throws Exception {
        Random rnd = new Random(21);
        List<Event> events = IndexTestEvents.clustered(rnd, 80);
        Map<String, List<String>> expected = IndexTestEvents.oracle(events, Long.MAX_VALUE, RADIUS);
        List<ShardAnswer> out = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            for (Event e : events) {
                if (e.time() < 15) {
                    feed(h, image(e.id(), e.time(), e.code()));
                }
            }
            h.processWatermark(new Watermark(10)); // some answered, the rest pending in state
            out.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1L, 1L);
        }
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var h = harness(Long.MAX_VALUE, 10_000, 2, subtask)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        snapshot, MAX_PARALLELISM, 1, 2, subtask));
                h.open();
                for (Event e : events) {
                    if (e.time() >= 15) {
                        for (ShardMessage m : route(image(e.id(), e.time(), e.code()))) {
                            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(m.shardKey(), MAX_PARALLELISM, 2) == subtask) {
                                h.processElement(m, m.probe().eventTime());
                            }
                        }
                    }
                }
                h.processWatermark(new Watermark(Long.MAX_VALUE));
                out.addAll(h.extractOutputValues());
            }
        }
        assertThat(answers(out)).isEqualTo(expected);
    }

    /** A harness whose operator metrics {@code metrics} reads back. */
    private static KeyedOneInputStreamOperatorTestHarness<String, ShardMessage, ShardAnswer> harnessWithMetrics(
            long retention, OperatorMetrics metrics) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ShardedIndexFunction(IndexRouting.forPackedShards(RADIUS, 0), retention, 10_000,
                        SHARDS, NearDuplicateJob.DEAD_LETTERS)),
                ShardMessage::shardKey, Types.STRING, metrics.environment(MAX_PARALLELISM));
        h.setup(ShardAnswerSerializer.INSTANCE);
        return h;
    }

    @Test
    void theEntryAndByteGaugesCountARestoredIndexSoEvictingItLeavesThemAtWhatIsLeft() throws Exception {
        var before = new OperatorMetrics();
        OperatorSubtaskState snapshot;
        try (var h = harnessWithMetrics(100, before)) {
            h.open();
            for (int i = 0; i < 6; i++) {
                feed(h, image("old-" + i, 10 + i, TestCodes.random(new Random(i), 64)));
            }
            h.processWatermark(new Watermark(40));
            assertThat(before.gauge("indexEntries")).isEqualTo(6);
            assertThat(before.gauge("indexBytes")).isPositive();
            snapshot = h.snapshot(1L, 1L);
        }
        var after = new OperatorMetrics();
        try (var h = harnessWithMetrics(100, after)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, image("new", 200, TestCodes.random(new Random(99), 64)));
            h.processWatermark(new Watermark(205)); // the six restored images expire (retention 100)
            assertThat(after.gauge("indexEntries")).isEqualTo(1);
            assertThat(after.gauge("indexBytes")).isPositive();
        }
    }

    @Test
    void theByteGaugeReturnsToZeroWhenEveryIndexHasEmptied() throws Exception {
        var metrics = new OperatorMetrics();
        try (var h = harnessWithMetrics(100, metrics)) {
            h.open();
            for (int round = 0; round < 3; round++) {
                long t = 1_000L * round;
                feed(h, image("img-" + round, t + 10, TestCodes.random(new Random(round), 64)));
                h.processWatermark(new Watermark(t + 20));
                assertThat(metrics.gauge("indexBytes")).isPositive();
                h.processWatermark(new Watermark(t + 500)); // expired: the index empties and goes
                assertThat(metrics.gauge("indexEntries")).isZero();
                assertThat(metrics.gauge("indexBytes")).as("round " + round).isZero();
            }
        }
    }

    @Test
    void aRestoreWithAnotherShardCountFailsInsteadOfOrphaningTheIndex() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(IndexRouting.forPackedShards(RADIUS, 0), SHARDS)) {
            h.open();
            feed(h, image("a", 10, TestCodes.random(new Random(1), 64)));
            h.processWatermark(new Watermark(20));
            snapshot = h.snapshot(1L, 1L);
        }
        // The radius only changes probing; each model's index keeps its own substrings in its state.
        for (IndexRouting same : List.of(IndexRouting.forPackedShards(RADIUS + 1, 0), IndexRouting.forPackedShards(RADIUS, 5))) {
            try (var h = harness(same, SHARDS)) {
                h.initializeState(snapshot);
                h.open();
                feed(h, image("b", 30, TestCodes.random(new Random(1), 64)));
                h.processWatermark(new Watermark(40));
                assertThat(answers(h.extractOutputValues(), true)).as("a is still found").isEqualTo(Map.of("b@30", List.of("a")));
            }
        }
        try (var other = harness(IndexRouting.forPackedShards(RADIUS, 0), SHARDS + 1)) {
            assertThatThrownBy(() -> other.initializeState(snapshot))
                    .hasStackTraceContaining("the restored index of every model was built with [shards, index-shards 5]");
        }
    }

    @Test
    void aTenantsShardsSpreadEvenlyOverTheSubtasks() {
        for (int shards : new int[] {1, 4, 8, 16}) {
            String[] keys = ShardFanOut.shardKeys("acme", shards);
            assertThat(keys).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).startsWith("4:acme#"));
            assertThat(ShardFanOut.shardKeys("acme", shards)).as("always the same keys").isEqualTo(keys);
            for (int parallelism = 1; parallelism <= shards; parallelism *= 2) {
                int[] perSubtask = new int[parallelism];
                for (String k : keys) {
                    perSubtask[KeyGroupRangeAssignment.assignKeyToParallelOperator(k, MAX_PARALLELISM, parallelism)]++;
                }
                assertThat(perSubtask).as(shards + " shards at parallelism " + parallelism)
                        .containsOnly(shards / parallelism);
            }
        }
    }

    @Test
    void deletesRemoveForLaterImagesAndAnUnknownIdIsADeadLetter() throws Exception {
        BinaryCode c = BinaryCode.ofWords(64, new long[] {0x1234L});
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            feed(h, image("after", 10, c));
            feed(h, new DeleteRequest(new EventRef("images", 2, 77), "t", "a", 5));
            feed(h, new DeleteRequest(new EventRef("images-eu", 1, 78), "t", "never-seen", 6));
            feed(h, image("before", 3, c));
            feed(h, image("a", 0, c));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(answers(h.extractOutputValues()))
                    .as("a is gone for the image after its delete, not for the one before")
                    .isEqualTo(Map.of("a", List.of(), "before", List.of("a"), "after", List.of("before")));
            List<DeadLetter> dead = new ArrayList<>();
            h.getSideOutput(NearDuplicateJob.DEAD_LETTERS).forEach(r -> dead.add(r.getValue()));
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(JobRejectReason.DELETE_UNKNOWN_ID.code());
                assertThat(d.sourceTopic() + "-" + d.partition() + "@" + d.offset()).isEqualTo("images-eu-1@78");
                assertThat(d.id()).isEqualTo("never-seen");
            });
        }
    }

    @Test
    void anIdSentAgainReplacesItsEntry() throws Exception {
        BinaryCode c = BinaryCode.ofWords(64, new long[] {0x77L});
        BinaryCode far = BinaryCode.ofWords(64, new long[] {~0x77L});
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            feed(h, image("a", 0, c));
            feed(h, image("a", 10, far));
            feed(h, image("b", 20, c));
            feed(h, image("c", 30, far));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(answers(h.extractOutputValues(), true)).as("b no longer finds a's first code, c finds its second")
                    .isEqualTo(Map.of("a@0", List.of(), "a@10", List.of(), "b@20", List.of(), "c@30", List.of("a")));
        }
    }

    @Test
    void aLateCopyOfAnOlderVersionDoesNotReplaceTheNewerOne() throws Exception {
        // As in the bucket layout, where the id registry removes an older version that arrives late at
        // the newer one's time: the newer version stays.
        BinaryCode newer = BinaryCode.ofWords(64, new long[] {0x77L});
        BinaryCode older = BinaryCode.ofWords(64, new long[] {~0x77L});
        try (var h = harness(Long.MAX_VALUE, 10_000)) {
            h.open();
            feed(h, image("a", 200, newer));
            h.processWatermark(new Watermark(300));
            feed(h, image("a", 100, older)); // behind the watermark
            feed(h, image("b", 400, newer));
            feed(h, image("c", 410, older));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(answers(h.extractOutputValues(), true)).as("b finds a's newer code, c not its older one")
                    .isEqualTo(Map.of("a@200", List.of(), "a@100", List.of(), "b@400", List.of("a"), "c@410", List.of()));
        }
    }

    @Test
    void retentionHidesAndEvictsOldEntriesAndLeavesNoState() throws Exception {
        BinaryCode c = BinaryCode.ofWords(64, new long[] {0xABCDL});
        try (var h = harness(100, 10_000)) {
            h.open();
            feed(h, image("a", 0, c));
            feed(h, image("b", 100, c));
            feed(h, image("c", 201, c));
            h.processWatermark(new Watermark(1_000));
            assertThat(answers(h.extractOutputValues()))
                    .isEqualTo(Map.of("a", List.of(), "b", List.of("a"), "c", List.of()));
            assertThat(h.numKeyedStateEntries()).as("b and c expired too: no index, no pending, no timer").isZero();
        }
    }

    @Test
    void aFullHotBucketStillAnswersFromTheImagesItKept() throws Exception {
        BinaryCode blank = BinaryCode.ofWords(64, new long[] {0L});
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < 8; i++) {
            if (ShardFanOut.shardOf("f" + i, SHARDS) == 0) {
                ids.add("f" + i); // all in one shard, so its buckets' cap decides
            }
        }
        try (var h = harness(Long.MAX_VALUE, 3 * SHARDS)) {
            h.open();
            for (int i = 0; i < ids.size(); i++) {
                feed(h, image(ids.get(i), i, blank));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            Map<String, List<String>> got = answers(h.extractOutputValues());
            List<String> kept = new ArrayList<>(new TreeSet<>(ids.subList(0, 3)));
            for (int i = 3; i < ids.size(); i++) {
                assertThat(got.get(ids.get(i))).as(ids.get(i)).isEqualTo(kept);
            }
        }
    }
}
