package io.hashstream.code;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class HammingTest {

    @Property
    void singleWordDistanceCountsDifferingBits(@ForAll long a, @ForAll long b) {
        int differing = 0;
        for (int i = 0; i < 64; i++) {
            if (((a >>> i) & 1) != ((b >>> i) & 1)) {
                differing++;
            }
        }
        assertThat(Hamming.distance(a, b)).isEqualTo(differing);
    }

    @Property
    void multiWordDistanceHonoursOffsets(@ForAll long a0, @ForAll long a1, @ForAll long b0, @ForAll long b1) {
        long[] a = {99L, a0, a1};
        long[] b = {b0, b1, -1L, -1L};
        assertThat(Hamming.distance(a, 1, b, 0, 2)).isEqualTo(Long.bitCount(a0 ^ b0) + Long.bitCount(a1 ^ b1));
        assertThat(Hamming.distance(a, 1, b, 0, 0)).isZero();
    }
}
