package io.hashstream.jobs.perf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which each round runs the variants: as given, or with {@code --mirror-rounds} reversed
 * in every second round of the same condition (A B C, C B A, …), so that drift in the machine or the
 * JVM favours no variant's place. Rounds are counted per condition: the harness interleaves
 * conditions (at-least-once, exactly-once, …), and a count over all rounds would give one condition
 * only the even rounds, that is, never a mirrored one.
 */
final class RoundOrder {
    private final boolean mirrored;
    private final Map<String, Integer> roundsStarted = new HashMap<>();

    RoundOrder(boolean mirrored) {
        this.mirrored = mirrored;
    }

    /** The variants in the order of {@code condition}'s next round. */
    <T> List<T> next(String condition, List<T> variants) {
        int round = roundsStarted.merge(condition, 1, Integer::sum) - 1;
        if (!mirrored || round % 2 == 0) {
            return variants;
        }
        List<T> reversed = new ArrayList<>(variants);
        Collections.reverse(reversed);
        return reversed;
    }
}
