package io.hashstream.training.neardup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeedsTest {

    /** Counts of the first draw of Random(seedOf(i)), i = 0..n-1, in ten equal bins of [0, 1). */
    private static java.util.List<Integer> firstDrawDeciles(java.util.function.IntToLongFunction seedOf, int n) {
        int[] bins = new int[10];
        for (int i = 0; i < n; i++) {
            bins[(int) (new Random(seedOf.applyAsLong(i)).nextDouble() * 10)]++;
        }
        return java.util.Arrays.stream(bins).boxed().toList();
    }

    @Test
    void theFirstDrawsOfItemsNamedOneApartAreSpreadOverTheRange() {
        int n = 2_000;
        for (int family = 0; family < 3; family++) {
            int f = family;
            assertThat(firstDrawDeciles(i -> Seeds.of(42, f, i), n)).as("family " + f)
                    .allSatisfy(count -> assertThat(count).isBetween(140, 260));
        }
        // What the mixing is for: with Random's own seeding most bins stay empty.
        assertThat(firstDrawDeciles(i -> 42 * 1_000_003L + i, n)).filteredOn(c -> c == 0).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void eachPartMattersAndTheSeedRepeats() {
        assertThat(Seeds.of(42, 1, 2)).isEqualTo(Seeds.of(42, 1, 2))
                .isNotEqualTo(Seeds.of(42, 2, 1))
                .isNotEqualTo(Seeds.of(43, 1, 2))
                .isNotEqualTo(Seeds.of(42, 1, 3));
    }
}
