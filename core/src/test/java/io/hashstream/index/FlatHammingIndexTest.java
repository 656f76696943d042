package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.BinaryCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FlatHammingIndexTest {

    /** The flat index against the definition: a map of entries, every distance computed, sorted. */
    @Property(tries = 40)
    void agreesWithBruteForceUnderAddsRemovesAndReplacements(
            @ForAll @IntRange(min = 1, max = 40) int bytes, @ForAll boolean clustered, @ForAll @LongRange long seed) {
        int bits = bytes * 8;
        RandomCodes codes = clustered ? RandomCodes.clustered(seed, bits, 5, Math.max(1, bits / 16)) : RandomCodes.uniform(seed, bits);
        Random random = codes.random();
        FlatHammingIndex index = new FlatHammingIndex(bits, random.nextInt(3) == 0 ? 0 : 100);
        Map<Long, BinaryCode> reference = new HashMap<>();
        for (int op = 0; op < 800; op++) {
            long id = random.nextInt(300) * 0x1_0000_0001L; // few ids: many replacements and removals
            if (random.nextInt(4) == 0) {
                assertThat(index.remove(id)).isEqualTo(reference.remove(id) != null);
            } else {
                BinaryCode code = codes.next();
                index.add(id, code);
                reference.put(id, code);
            }
            assertThat(index.size()).isEqualTo(reference.size());
            if (op % 50 == 0) {
                BinaryCode query = codes.next();
                BinaryCode stored = index.get(id);
                if (stored != null && random.nextBoolean()) {
                    query = RandomCodes.flip(stored, random.nextInt(4), random); // a near-duplicate of an entry
                }
                int radius = random.nextInt(bits / 2 + 1);
                assertThat(index.radiusSearch(query, radius)).isEqualTo(bruteForce(reference, query, radius, Integer.MAX_VALUE));
                int k = random.nextInt(reference.size() + 5);
                assertThat(index.knn(query, k)).isEqualTo(bruteForce(reference, query, bits, k));
                for (Map.Entry<Long, BinaryCode> e : reference.entrySet()) {
                    assertThat(index.get(e.getKey())).isEqualTo(e.getValue());
                }
            }
        }
    }

    @Test
    void knnBreaksTiesById() {
        FlatHammingIndex index = new FlatHammingIndex(64);
        BinaryCode zero = BinaryCode.ofWords(64, new long[] {0L});
        index.add(30, BinaryCode.ofWords(64, new long[] {0b1L}));
        index.add(10, BinaryCode.ofWords(64, new long[] {0b10L}));
        index.add(20, BinaryCode.ofWords(64, new long[] {0b100L}));
        index.add(-5, BinaryCode.ofWords(64, new long[] {0b11L}));
        index.add(7, zero);
        assertThat(index.knn(zero, 3)).containsExactly(new Neighbor(7, 0), new Neighbor(10, 1), new Neighbor(20, 1));
        assertThat(index.knn(zero, 10)).hasSize(5).last().isEqualTo(new Neighbor(-5, 2));
        assertThat(index.knn(zero, 0)).isEmpty();
        assertThat(index.radiusSearch(zero, 1)).extracting(Neighbor::id).containsExactly(7L, 10L, 20L, 30L);
    }

    @Test
    void addReplacesAndRemoveForgets() {
        FlatHammingIndex index = new FlatHammingIndex(16);
        BinaryCode a = BinaryCode.fromHex("ffff");
        BinaryCode b = BinaryCode.fromHex("0000");
        index.add(1, a);
        index.add(1, b);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.radiusSearch(a, 0)).isEmpty();
        assertThat(index.radiusSearch(b, 0)).containsExactly(new Neighbor(1, 0));
        assertThat(index.remove(1)).isTrue();
        assertThat(index.remove(1)).isFalse();
        assertThat(index.size()).isZero();
        assertThat(index.knn(b, 3)).isEmpty();
        assertThat(index.get(1)).isNull();
    }

    @Test
    void rejectsMismatchedCodesAndBadArguments() {
        FlatHammingIndex index = new FlatHammingIndex(64);
        BinaryCode shorter = BinaryCode.fromHex("00");
        assertThatThrownBy(() -> index.add(1, shorter)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.radiusSearch(shorter, 1)).isInstanceOf(IllegalArgumentException.class);
        BinaryCode code = BinaryCode.ofWords(64, new long[] {1});
        assertThatThrownBy(() -> index.radiusSearch(code, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.knn(code, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlatHammingIndex(63)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryEstimateCoversTheArrays() {
        FlatHammingIndex index = new FlatHammingIndex(64, 100_000);
        Random random = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            index.add(i, RandomCodes.uniform(random, 64));
        }
        // 8 B id + 8 B code per entry, 4 B per id-table cell: 100k entries at load ≤ 0.75 need 2^18 cells
        assertThat(CodeStore.tableSizeFor(100_000)).isEqualTo(1 << 18);
        assertThat(index.memoryBytes()).isBetween(16L * 100_000 + 4L * (1 << 18), 16L * 100_000 + 4L * (1 << 18) + 64);
        FlatHammingIndex wide = new FlatHammingIndex(256, 1000);
        assertThat(wide.memoryBytes()).isGreaterThan(1000L * (8 + 32));
    }

    static List<Neighbor> bruteForce(Map<Long, BinaryCode> entries, BinaryCode query, int radius, int limit) {
        List<Neighbor> all = new ArrayList<>();
        entries.forEach((id, code) -> {
            int d = 0;
            for (int i = 0; i < code.bits(); i++) {
                if (code.bit(i) != query.bit(i)) {
                    d++;
                }
            }
            if (d <= radius) {
                all.add(new Neighbor(id, d));
            }
        });
        all.sort(Comparator.comparingInt(Neighbor::distance).thenComparingLong(Neighbor::id));
        return all.subList(0, Math.min(limit, all.size()));
    }
}
