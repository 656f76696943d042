package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.BinaryCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Multi-index hashing must return exactly what the flat scan returns — same ids, same distances,
 * same order — for radius search (every r from 0 to K/4) and kNN, on uniform and clustered codes,
 * while entries are added, removed and replaced.
 */
class MultiIndexHammingIndexTest {
    /** Probes per query allowed when probing is forced (no scan fallback), to keep the test fast. */
    private static final double MAX_FORCED_PROBES = 20_000;

    record Scenario(int bits, int substrings, boolean clustered, boolean scanFallback, long seed) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> bits = Arbitraries.of(16, 64, 128, 256);
        return Combinators.combine(bits, Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false),
                        Arbitraries.of(true, false), Arbitraries.longs())
                .as((k, pick, clustered, fallback, seed) -> {
                    int min = (k + 63) / 64;
                    int max = Math.min(k, 40);
                    int m = min + pick % (max - min + 1);
                    return new Scenario(k, m, clustered, fallback, seed);
                });
    }

    @Property(tries = 50)
    void returnsExactlyTheFlatScansResults(@ForAll("scenarios") Scenario s) {
        Substrings layout = new Substrings(s.bits(), s.substrings());
        MultiIndexHammingIndex multi = new MultiIndexHammingIndex(layout, 8, s.scanFallback());
        FlatHammingIndex flat = new FlatHammingIndex(s.bits());
        RandomCodes codes = s.clustered()
                ? RandomCodes.clustered(s.seed(), s.bits(), 12, Math.max(2, s.bits() / 8))
                : RandomCodes.uniform(s.seed(), s.bits());
        Random random = codes.random();
        List<Long> ids = new ArrayList<>();

        for (int round = 0; round < 6; round++) {
            for (int op = 0; op < 150; op++) {
                int action = random.nextInt(10);
                if (action < 2 && !ids.isEmpty()) { // remove
                    long id = ids.remove(random.nextInt(ids.size()));
                    assertThat(multi.remove(id)).isTrue();
                    assertThat(flat.remove(id)).isTrue();
                } else if (action < 4 && !ids.isEmpty()) { // replace an entry's code (sometimes by the same code)
                    long id = ids.get(random.nextInt(ids.size()));
                    BinaryCode code = random.nextInt(5) == 0 ? flat.get(id) : codes.next();
                    multi.add(id, code);
                    flat.add(id, code);
                } else {
                    long id = random.nextLong();
                    ids.add(id);
                    BinaryCode code = codes.next();
                    multi.add(id, code);
                    flat.add(id, code);
                }
            }
            assertThat(multi.remove(random.nextLong())).isFalse();
            assertThat(multi.size()).isEqualTo(flat.size()).isEqualTo(ids.size());

            for (int q = 0; q < 6; q++) {
                BinaryCode query = q % 2 == 0 || ids.isEmpty()
                        ? codes.next()
                        : RandomCodes.flip(flat.get(ids.get(random.nextInt(ids.size()))), random.nextInt(s.bits() / 8 + 1), random);
                for (int radius = 0; radius <= s.bits() / 4; radius++) {
                    if (s.scanFallback() || forcedProbes(layout, radius) <= MAX_FORCED_PROBES) {
                        assertThat(multi.radiusSearch(query, radius)).as("radius %d", radius)
                                .isEqualTo(flat.radiusSearch(query, radius));
                    }
                }
                for (int k : new int[] {0, 1, 3, 10, 40, flat.size() - 1, flat.size() + 2}) {
                    if (k >= 0 && (s.scanFallback() || knnFeasible(layout, flat, query, k))) {
                        assertThat(multi.knn(query, k)).as("k %d", k).isEqualTo(flat.knn(query, k));
                    }
                }
            }
        }
    }

    @Test
    void findsClustersOfIdenticalCodesAndSurvivesDrainingThem() {
        MultiIndexHammingIndex multi = new MultiIndexHammingIndex(new Substrings(64, 4), 0, false);
        FlatHammingIndex flat = new FlatHammingIndex(64);
        BinaryCode centre = BinaryCode.ofWords(64, new long[] {0x0123456789abcdefL});
        Random random = new Random(3);
        for (long id = 0; id < 2000; id++) {
            BinaryCode code = id % 2 == 0 ? centre : RandomCodes.flip(centre, random.nextInt(6), random);
            multi.add(id, code);
            flat.add(id, code);
        }
        for (int radius = 0; radius <= 8; radius++) {
            assertThat(multi.radiusSearch(centre, radius)).isEqualTo(flat.radiusSearch(centre, radius));
        }
        assertThat(multi.knn(centre, 1500)).isEqualTo(flat.knn(centre, 1500));
        for (long id = 0; id < 2000; id += 1) {
            if (id % 3 != 0) {
                multi.remove(id);
                flat.remove(id);
            }
        }
        assertThat(multi.radiusSearch(centre, 5)).isEqualTo(flat.radiusSearch(centre, 5));
        for (long id = 0; id < 2000; id += 3) {
            assertThat(multi.remove(id)).isTrue();
        }
        assertThat(multi.size()).isZero();
        assertThat(multi.radiusSearch(centre, 64)).isEmpty();
        assertThat(multi.knn(centre, 5)).isEmpty();
        multi.add(99, centre);
        assertThat(multi.knn(centre, 5)).containsExactly(new Neighbor(99, 0));
    }

    @Test
    void defaultSubstringCountFollowsSizeAndRadius() {
        // exact-match queries need a single table
        assertThat(MultiIndexHammingIndex.defaultSubstrings(64, 0, 10_000_000)).isEqualTo(1);
        // the paper's regime: substrings of about log2(N) bits
        assertThat(MultiIndexHammingIndex.defaultSubstrings(64, 10_000_000)).isEqualTo(3);
        assertThat(MultiIndexHammingIndex.defaultSubstrings(128, 1_000_000)).isEqualTo(6);
        assertThat(MultiIndexHammingIndex.defaultSubstrings(1024, 10)).isEqualTo(128);
        assertThat(MultiIndexHammingIndex.defaultSubstrings(1024, 1L << 40)).isEqualTo(26);
        for (int bits : new int[] {16, 64, 128, 256, 1024}) {
            for (int radius = 0; radius <= bits / 4; radius++) {
                int m = MultiIndexHammingIndex.defaultSubstrings(bits, radius, 1_000_000);
                assertThat(m).isBetween((bits + 63) / 64, Math.max((bits + 63) / 64, bits / 8));
                new Substrings(bits, m); // a legal layout
            }
        }
        int m7 = MultiIndexHammingIndex.defaultSubstrings(64, 7, 10_000_000);
        assertThat(m7).isBetween(3, 4);
    }

    @Test
    void rejectsBadArguments() {
        MultiIndexHammingIndex index = new MultiIndexHammingIndex(64, 4);
        assertThatThrownBy(() -> index.add(1, BinaryCode.fromHex("00"))).isInstanceOf(IllegalArgumentException.class);
        BinaryCode code = BinaryCode.ofWords(64, new long[] {1});
        assertThatThrownBy(() -> index.radiusSearch(code, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.knn(code, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultiIndexHammingIndex.defaultSubstrings(64, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryEstimateIncludesTheTables() {
        MultiIndexHammingIndex multi = new MultiIndexHammingIndex(new Substrings(64, 4), 10_000, true);
        FlatHammingIndex flat = new FlatHammingIndex(64, 10_000);
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            BinaryCode code = RandomCodes.uniform(random, 64);
            multi.add(i, code);
            flat.add(i, code);
        }
        // 4 tables: 8 B of links per entry each, plus a key (8 B) and head (4 B) per distinct substring
        assertThat(multi.memoryBytes() - flat.memoryBytes()).isGreaterThan(4L * 10_000 * (8 + 12));
    }

    private static double forcedProbes(Substrings layout, int radius) {
        double probes = 0;
        for (int t = 0; t < layout.substringCount(); t++) {
            int r = layout.probeRadius(t, radius);
            if (r >= 0) {
                probes += Substrings.ballSize(layout.substringBits(t), r);
            }
        }
        return probes;
    }

    /** kNN probes up to the k-th neighbour's distance; skip cases that would enumerate huge balls. */
    private static boolean knnFeasible(Substrings layout, FlatHammingIndex flat, BinaryCode query, int k) {
        if (k == 0 || k >= flat.size()) {
            return true;
        }
        int kth = flat.knn(query, k).get(k - 1).distance();
        return forcedProbes(layout, kth) <= MAX_FORCED_PROBES;
    }
}
