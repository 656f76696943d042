package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.serde.MatchResultSerializer;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class GatherFunctionTest {
    private static final BinaryCode CODE = BinaryCode.fromHex("00ff00ff00ff00ff");

    private static KeyedOneInputStreamOperatorTestHarness<String, ShardAnswer, MatchResult> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GatherFunction(3, 3)), (ShardAnswer a) -> a.probe().requestKey(),
                Types.STRING);
        h.setup(MatchResultSerializer.INSTANCE);
        h.open();
        return h;
    }

    private static Probe probe(String id, long time, int expected) {
        return new Probe("images-0@" + id, "acme", id, time, 0L, "m1", CODE, expected);
    }

    @Test
    void waitsForEveryTableThenEmitsOneDedupedSortedResult() throws Exception {
        try (var h = harness()) {
            Probe p = probe("q", 100, 3);
            h.processElement(new ShardAnswer(p, List.of(new Match("b", 2, 50), new Match("a", 1, 40))), 100);
            h.processElement(new ShardAnswer(p, List.of()), 100);
            assertThat(h.extractOutputValues()).isEmpty();
            // "a" again from another table; "far" beyond the radius is dropped.
            h.processElement(new ShardAnswer(p, List.of(new Match("a", 1, 40), new Match("c", 2, 10),
                    new Match("far", 4, 5))), 100);
            assertThat(h.extractOutputValues()).containsExactly(new MatchResult("q", "acme", 100, "m1",
                    CODE.toHex(), 64, List.of(new Match("a", 1, 40), new Match("b", 2, 50), new Match("c", 2, 10)),
                    "c"));
            assertThat(h.numKeyedStateEntries()).as("state cleared once complete").isZero();
        }
    }

    @Test
    void twoVersionsOfOneIdAtOneDistanceGiveTheSameResultWhicheverBucketAnswersFirst() throws Exception {
        // Both versions of a re-sent id, still indexed together: the newer wins, in either order of answers.
        Match older = new Match("x", 2, 30);
        Match newer = new Match("x", 2, 60);
        MatchResult expected = new MatchResult("q", "acme", 100, "m1", CODE.toHex(), 64, List.of(newer), "x");
        for (List<List<Match>> answers : List.of(List.of(List.of(older), List.of(newer)), List.of(List.of(newer), List.of(older)))) {
            try (var h = harness()) {
                Probe p = probe("q", 100, 2);
                for (List<Match> a : answers) {
                    h.processElement(new ShardAnswer(p, a), 100);
                }
                assertThat(h.extractOutputValues()).containsExactly(expected);
            }
        }
    }

    @Test
    void listsTheNearestMatchesUpToTheCapButKeepsTheEarliestAsClusterId() throws Exception {
        try (var h = harness()) {
            h.processElement(new ShardAnswer(probe("q", 100, 1), List.of(new Match("root", 3, 1), new Match("d", 0, 90),
                    new Match("c", 1, 80), new Match("b", 1, 70), new Match("a", 2, 60))), 100);
            assertThat(h.extractOutputValues()).containsExactly(new MatchResult("q", "acme", 100, "m1", CODE.toHex(), 64,
                    List.of(new Match("d", 0, 90), new Match("b", 1, 70), new Match("c", 1, 80)), "root"));
        }
    }

    @Test
    void noMatchesIsAResultToo() throws Exception {
        try (var h = harness()) {
            h.processElement(new ShardAnswer(probe("lonely", 7, 1), List.of()), 7);
            assertThat(h.extractOutputValues()).containsExactly(
                    new MatchResult("lonely", "acme", 7, "m1", CODE.toHex(), 64, List.of(), "lonely"));
        }
    }

    @Test
    void interleavedRequestsCompleteIndependently() throws Exception {
        try (var h = harness()) {
            Probe x = probe("x", 1, 2);
            Probe y = probe("y", 2, 2);
            h.processElement(new ShardAnswer(x, List.of()), 1);
            h.processElement(new ShardAnswer(y, List.of(new Match("x", 0, 1))), 2);
            h.processElement(new ShardAnswer(y, List.of()), 2);
            assertThat(h.extractOutputValues()).extracting(MatchResult::id).containsExactly("y");
            h.processElement(new ShardAnswer(x, List.of()), 1);
            assertThat(h.extractOutputValues()).extracting(MatchResult::id).containsExactly("y", "x");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
