package io.hashstream.jobs.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundOrderTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void mirroredReversesEverySecondRound() {
        RoundOrder order = new RoundOrder(true);
        assertThat(order.next("max", ABC)).containsExactly("a", "b", "c");
        assertThat(order.next("max", ABC)).containsExactly("c", "b", "a");
        assertThat(order.next("max", ABC)).containsExactly("a", "b", "c");
    }

    @Test
    void interleavedConditionsEachGetMirroredRounds() {
        // the harness runs at-least-once then exactly-once in every pass: both must alternate
        RoundOrder order = new RoundOrder(true);
        assertThat(order.next("alo", ABC)).containsExactly("a", "b", "c");
        assertThat(order.next("eo", ABC)).containsExactly("a", "b", "c");
        assertThat(order.next("alo", ABC)).containsExactly("c", "b", "a");
        assertThat(order.next("eo", ABC)).containsExactly("c", "b", "a");
    }

    @Test
    void unmirroredKeepsTheGivenOrder() {
        RoundOrder order = new RoundOrder(false);
        order.next("max", ABC);
        assertThat(order.next("max", ABC)).containsExactly("a", "b", "c");
    }
}
