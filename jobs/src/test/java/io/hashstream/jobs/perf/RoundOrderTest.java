package io.hashstream.jobs.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundOrderTest {

    private static final List<String> ABC = List.of("a", "b", "c");
    private static final List<String> CBA = List.of("c", "b", "a");

    /** Asks {@code order} for one round per condition in turn and checks each round's order. */
    private static void assertRounds(RoundOrder order, List<String> conditions, List<List<String>> expected) {
        for (int i = 0; i < expected.size(); i++) {
            String condition = conditions.get(i % conditions.size());
            assertThat(order.next(condition, ABC)).as("round %d, %s", i, condition).containsExactlyElementsOf(expected.get(i));
        }
    }

    @Test
    void mirroredReversesEverySecondRound() {
        assertRounds(new RoundOrder(true), List.of("max"), List.of(ABC, CBA, ABC));
    }

    @Test
    void interleavedConditionsEachGetMirroredRounds() {
        // the harness runs at-least-once then exactly-once in every pass: both must alternate
        assertRounds(new RoundOrder(true), List.of("alo", "eo"), List.of(ABC, ABC, CBA, CBA));
    }

    @Test
    void unmirroredKeepsTheGivenOrder() {
        RoundOrder order = new RoundOrder(false);
        order.next("max", ABC);
        assertThat(order.next("max", ABC)).containsExactly("a", "b", "c");
    }
}
