package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.BinaryCode;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SubstringsTest {

    @Property(tries = 300)
    void substringsPartitionTheCodeInOrder(@ForAll @IntRange(min = 1, max = 128) int bytes,
                                           @ForAll @IntRange(min = 1, max = 64) int requested,
                                           @ForAll long seed) {
        int bits = bytes * 8;
        int count = Math.max((bits + 63) / 64, Math.min(requested, bits));
        Substrings layout = new Substrings(bits, count);
        BinaryCode code = RandomCodes.uniform(new Random(seed), bits);

        int pos = 0;
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (int t = 0; t < count; t++) {
            int len = layout.substringBits(t);
            assertThat(layout.substringStart(t)).isEqualTo(pos);
            shortest = Math.min(shortest, len);
            longest = Math.max(longest, len);
            long value = layout.substring(code, t);
            for (int i = 0; i < len; i++) {
                assertThat(((value >>> i) & 1) != 0).as("table %d bit %d", t, i).isEqualTo(code.bit(pos + i));
            }
            if (len < 64) {
                assertThat(value >>> len).as("no bits above the substring").isZero();
            }
            long[] stored = new long[code.wordCount() + 3];
            code.copyWordsTo(stored, 3);
            assertThat(layout.substring(stored, 3, t)).isEqualTo(value);
            pos += len;
        }
        assertThat(pos).isEqualTo(bits);
        assertThat(longest - shortest).isLessThanOrEqualTo(1);
    }

    @Test
    void enumeratesEachValueAtEachDistanceExactlyOnce() {
        for (int width = 1; width <= 12; width++) {
            long value = 0b1011_0110_1101L & ((1L << width) - 1);
            Set<Long> all = new HashSet<>();
            for (int d = 0; d <= width; d++) {
                Set<Long> ring = new HashSet<>();
                int distance = d;
                int w = width;
                Substrings.forEachValueAtDistance(value, width, d, v -> {
                    assertThat(Long.bitCount(v ^ value)).isEqualTo(distance);
                    assertThat(v >>> w).isZero();
                    assertThat(ring.add(v)).as("duplicate %s", v).isTrue();
                });
                assertThat((double) ring.size()).isEqualTo(Substrings.sphereSize(width, d));
                all.addAll(ring);
            }
            assertThat(all).hasSize(1 << width);
        }
    }

    @Test
    void enumeratesFullWidthWords() {
        for (int d : new int[] {0, 1, 2, 62, 63, 64}) {
            Set<Long> ring = new HashSet<>();
            Substrings.forEachValueAtDistance(0x0123456789abcdefL, 64, d, v -> {
                assertThat(Long.bitCount(v ^ 0x0123456789abcdefL)).isEqualTo(d);
                ring.add(v);
            });
            assertThat((double) ring.size()).isEqualTo(Substrings.sphereSize(64, d));
        }
        Set<Long> ring3 = new HashSet<>();
        Substrings.forEachValueAtDistance(-1L, 64, 3, ring3::add);
        assertThat(ring3).hasSize(41664);
    }

    @Test
    void forEachWithinVisitsTheWholeBall() {
        Substrings layout = new Substrings(64, 5); // 13,13,13,13,12 bits
        Set<Long> ball = new HashSet<>();
        layout.forEachWithin(0x5a5L, 4, 2, v -> {
            assertThat(Long.bitCount(v ^ 0x5a5L)).isLessThanOrEqualTo(2);
            assertThat(ball.add(v)).isTrue();
        });
        assertThat(ball).hasSize(1 + 12 + 66);
        assertThat(Substrings.ballSize(12, 2)).isEqualTo(79.0);
        Set<Long> all = new HashSet<>();
        layout.forEachWithin(0L, 4, 100, all::add);
        assertThat(all).hasSize(1 << 12);
    }

    @Test
    void probeRadiiFollowThePigeonholeSplit() {
        Substrings layout = new Substrings(64, 4);
        // r = 4·s + a: first a+1 tables at s, the rest at s-1
        assertThat(radii(layout, 0)).containsExactly(0, -1, -1, -1);
        assertThat(radii(layout, 2)).containsExactly(0, 0, 0, -1);
        assertThat(radii(layout, 3)).containsExactly(0, 0, 0, 0);
        assertThat(radii(layout, 4)).containsExactly(1, 0, 0, 0);
        assertThat(radii(layout, 7)).containsExactly(1, 1, 1, 1);
        assertThat(radii(layout, 9)).containsExactly(2, 2, 1, 1);
        assertThat(radii(layout, 1000)).containsExactly(16, 16, 16, 16);
    }

    /** Any two codes within r share a table whose substrings are within that table's probe radius. */
    @Property(tries = 500)
    void pigeonholeFindsEveryPairWithinTheRadius(@ForAll @IntRange(min = 1, max = 32) int bytes,
                                                 @ForAll @IntRange(min = 1, max = 40) int requested,
                                                 @ForAll @IntRange(min = 0, max = 80) int radius,
                                                 @ForAll long seed) {
        int bits = bytes * 8;
        int count = Math.max((bits + 63) / 64, Math.min(requested, bits));
        Substrings layout = new Substrings(bits, count);
        Random random = new Random(seed);
        BinaryCode query = RandomCodes.uniform(random, bits);
        BinaryCode near = RandomCodes.flip(query, random.nextInt(Math.min(radius, bits) + 1), random);
        int first = layout.firstProbingTable(near, query, radius);
        assertThat(first).isGreaterThanOrEqualTo(0);
        assertThat(Long.bitCount(layout.substring(near, first) ^ layout.substring(query, first)))
                .isLessThanOrEqualTo(layout.probeRadius(first, radius));
        for (int t = 0; t < first; t++) {
            assertThat(Long.bitCount(layout.substring(near, t) ^ layout.substring(query, t)))
                    .isGreaterThan(layout.probeRadius(t, radius));
        }
    }

    @Test
    void rejectsLayoutsThatCannotHoldTheCode() {
        assertThatThrownBy(() -> new Substrings(128, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Substrings(64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Substrings(64, 65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Substrings(60, 2)).isInstanceOf(IllegalArgumentException.class);
        Substrings layout = new Substrings(64, 2);
        assertThatThrownBy(() -> layout.substring(BinaryCode.fromHex("00"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.probeRadius(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Substrings(128, 2).substringBits(1)).isEqualTo(64);
    }

    private static int[] radii(Substrings layout, int radius) {
        int[] out = new int[layout.substringCount()];
        for (int t = 0; t < out.length; t++) {
            out[t] = layout.probeRadius(t, radius);
        }
        return out;
    }
}
