package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntHashMapTest {

    /** Random puts and removes over a small key space (long probe runs, many backward shifts) agree with HashMap. */
    @Test
    void behavesLikeAHashMap() {
        for (long seed = 0; seed < 8; seed++) {
            Random random = new Random(seed);
            LongIntHashMap map = new LongIntHashMap(4);
            Map<Long, Integer> reference = new HashMap<>();
            long keySpace = 1 + random.nextInt(2000);
            for (int op = 0; op < 20_000; op++) {
                // multiples of 2^40 collide in the low bits: the hash must mix them
                long key = (random.nextLong() % keySpace) << (seed % 2 == 0 ? 0 : 40);
                if (random.nextInt(3) == 0) {
                    assertThat(map.removeKey(key)).isEqualTo(reference.remove(key) != null);
                } else {
                    int value = random.nextInt(Integer.MAX_VALUE);
                    map.put(key, value);
                    reference.put(key, value);
                }
                if (op % 501 == 0) {
                    for (long k = -keySpace; k < keySpace; k++) {
                        long probe = k << (seed % 2 == 0 ? 0 : 40);
                        assertThat(map.get(probe)).isEqualTo(reference.getOrDefault(probe, -1));
                    }
                }
                assertThat(map.size()).isEqualTo(reference.size());
            }
        }
    }
}
