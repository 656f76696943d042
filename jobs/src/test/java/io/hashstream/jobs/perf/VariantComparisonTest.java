package io.hashstream.jobs.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class VariantComparisonTest {

    private static final String MAX = "256x256, parallelism 2, batch 64, at-least-once, rate max";

    /** Three rounds of exact / dct, the machine getting faster each round, as in a JVM that warms up. */
    private static VariantComparison threeRounds() {
        VariantComparison c = new VariantComparison();
        c.add(MAX, "exact", "r1", 1000, 1.8); // the cold first run: left out
        c.add(MAX, "dct", "r2", 2400, 1.8);
        c.add(MAX, "exact", "r3", 2000, 1.8);
        c.add(MAX, "dct", "r4", 2600, 1.9);
        c.add(MAX, "exact", "r5", 2200, 1.8);
        c.add(MAX, "dct", "r6", 2420, 1.9);
        return c;
    }

    @Test
    void leavesOutTheInvocationsFirstRun() {
        VariantComparison c = threeRounds();
        assertThat(c.medianRate(MAX, "exact")).isEqualTo(2100.0); // 2,000 and 2,200; not the cold 1,000
        assertThat(c.medianRate(MAX, "dct")).isEqualTo(2420.0);
    }

    @Test
    void ratiosPairRunsOfTheSameRound() {
        VariantComparison c = threeRounds();
        // round 0 has no warm exact run; round 1: 2,600 / 2,000 = 1.3; round 2: 2,420 / 2,200 = 1.1
        assertThat(c.medianRatio(MAX, "dct")).isCloseTo(1.2, within(1e-9));
        assertThat(c.medianRatio(MAX, "exact")).isEqualTo(1.0);
    }

    @Test
    void markdownQuotesEachVariantsWarmRuns() {
        String md = threeRounds().markdown();
        assertThat(md).contains("against `exact`")
                .contains("| exact | 2000 / 2200 | 2100 | 1.00 (1.00–1.00) | 0.859 |")
                .contains("| dct | 2400 / 2600 / 2420 | 2420 | 1.20 (1.10–1.30) | 0.750 |")
                .contains("(r1) is left out");
    }

    @Test
    void conditionsAreNotPooled() {
        VariantComparison c = new VariantComparison();
        String half = "256x256, parallelism 2, batch 64, at-least-once, rate half";
        c.add(MAX, "a", "r1", 100, 1);
        c.add(MAX, "b", "r2", 100, 1);
        c.add(half, "a", "r3", 1000, 1);
        c.add(half, "b", "r4", 1500, 1);
        c.add(MAX, "a", "r5", 2000, 1);
        c.add(MAX, "b", "r6", 3000, 1);
        assertThat(c.medianRate(half, "b")).isEqualTo(1500.0);
        assertThat(c.medianRatio(half, "b")).isEqualTo(1.5);
        assertThat(c.medianRatio(MAX, "b")).isEqualTo(1.5); // round 1 of max: 3,000 / 2,000, not against the half-rate runs
        assertThat(c.medianRate(MAX, "a")).isEqualTo(2000.0);
    }

    @Test
    void mirroredRoundsStillPairByRound() {
        VariantComparison c = new VariantComparison();
        c.add(MAX, "a", "r1", 1000, 1); // round 0: a b
        c.add(MAX, "b", "r2", 1200, 1);
        c.add(MAX, "b", "r3", 1500, 1); // round 1, mirrored: b a
        c.add(MAX, "a", "r4", 1000, 1);
        c.add(MAX, "a", "r5", 1100, 1); // round 2: a b
        c.add(MAX, "b", "r6", 1320, 1);
        assertThat(c.medianRatio(MAX, "b")).isCloseTo(1.35, within(1e-9)); // 1.5 and 1.2; round 0 lost its cold a
    }

    @Test
    void oneVariantNeedsNoComparison() {
        VariantComparison c = new VariantComparison();
        c.add(MAX, "default", "r1", 1000, 1);
        c.add(MAX, "default", "r2", 1100, 1);
        assertThat(c.markdown()).isEmpty();
        assertThat(c.medianRatio(MAX, "default")).isEqualTo(1.0);
    }
}
