package io.hashstream.index;

import io.hashstream.code.BinaryCode;
import java.util.function.LongConsumer;

/**
 * The substring layout of multi-index hashing (Norouzi, Punjani, Fleet, "Fast Search in Hamming
 * Space with Multi-Index Hashing", CVPR 2012): a K-bit code is cut into m disjoint, contiguous
 * substrings; substring t covers bits {@code start(t) .. start(t) + substringBits(t) - 1}. When
 * K % m != 0 the first K % m substrings are one bit longer than the others.
 *
 * <p><b>Pigeonhole.</b> Write r = m·s + a with 0 ≤ a < m. If d(h, g) ≤ r then some substring t < a+1
 * has d_t ≤ s, or some substring t ≥ a+1 has d_t ≤ s−1 (otherwise the sum would be at least
 * (a+1)(s+1) + (m−a−1)s = r+1). {@link #probeRadius} returns that per-table radius; probing every
 * table at floor(r/m) is also exact, only slower. Substring lengths do not enter the bound.
 *
 * <p>Public because the streaming job shards its index by (table, substring value) with exactly this
 * layout, and uses {@link #firstProbingTable} so that each match is reported by one shard only.
 */
public final class Substrings {
    private final int bits;
    private final int[] start;
    private final int[] length;
    private final long[] mask;

    public Substrings(int bits, int count) {
        BinaryCode.checkBits(bits);
        int minCount = (bits + 63) / 64;
        if (count < minCount || count > bits) {
            throw new IllegalArgumentException(
                    "substring count for " + bits + " bits must be in [" + minCount + ", " + bits + "], got " + count);
        }
        this.bits = bits;
        this.start = new int[count];
        this.length = new int[count];
        this.mask = new long[count];
        int base = bits / count;
        int longer = bits % count;
        int pos = 0;
        for (int t = 0; t < count; t++) {
            int len = base + (t < longer ? 1 : 0);
            start[t] = pos;
            length[t] = len;
            mask[t] = len == 64 ? -1L : (1L << len) - 1;
            pos += len;
        }
    }

    /** Code length K in bits. */
    public int bits() {
        return bits;
    }

    /** Number of substrings m (one hash table each). */
    public int substringCount() {
        return length.length;
    }

    public int substringBits(int table) {
        return length[table];
    }

    /** First bit of the substring within the code. */
    public int substringStart(int table) {
        return start[table];
    }

    /** The substring's bits as an unsigned value (bit 0 = the code's bit {@code substringStart(table)}). */
    public long substring(BinaryCode code, int table) {
        if (code.bits() != bits) {
            throw new IllegalArgumentException("code has " + code.bits() + " bits, layout expects " + bits);
        }
        int s = start[table];
        int w = s >>> 6;
        int shift = s & 63;
        long v = code.word(w) >>> shift;
        if (shift + length[table] > 64) {
            v |= code.word(w + 1) << (64 - shift);
        }
        return v & mask[table];
    }

    /** As {@link #substring(BinaryCode, int)}, for a code stored in {@code words} at {@code offset}. */
    public long substring(long[] words, int offset, int table) {
        int s = start[table];
        int w = offset + (s >>> 6);
        int shift = s & 63;
        long v = words[w] >>> shift;
        if (shift + length[table] > 64) {
            v |= words[w + 1] << (64 - shift);
        }
        return v & mask[table];
    }

    /**
     * Radius to probe table {@code table} at so that a search of radius {@code radius} is exact
     * (see class comment): floor(r/m) for the first (r mod m)+1 tables, one less for the rest.
     * -1 means the table need not be probed at all.
     */
    public int probeRadius(int table, int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + radius);
        }
        int m = length.length;
        int s = radius / m;
        int r = s - (table <= radius % m ? 0 : 1);
        return Math.min(r, length[table]);
    }

    /**
     * The first table t (in probing order 0..m-1) whose substring distance between the two codes is
     * within {@code probeRadius(t, radius)}, or -1 when none is (then the codes are more than
     * {@code radius} apart). A sharded search reports a match only from this table, so every match
     * is reported exactly once.
     */
    public int firstProbingTable(BinaryCode candidate, BinaryCode query, int radius) {
        for (int t = 0; t < length.length; t++) {
            if (Long.bitCount(substring(candidate, t) ^ substring(query, t)) <= probeRadius(t, radius)) {
                return t;
            }
        }
        return -1;
    }

    /** Calls {@code action} with every value of substring {@code table} within Hamming {@code radius} of {@code value}. */
    public void forEachWithin(long value, int table, int radius, LongConsumer action) {
        for (int d = 0; d <= Math.min(radius, length[table]); d++) {
            forEachValueAtDistance(value, length[table], d, action);
        }
    }

    /** Calls {@code action} with every value of substring {@code table} at exactly Hamming {@code distance} from {@code value}. */
    public void forEachAtDistance(long value, int table, int distance, LongConsumer action) {
        forEachValueAtDistance(value, length[table], distance, action);
    }

    /**
     * Every {@code width}-bit value at exactly Hamming {@code distance} from {@code value}, by
     * enumerating the flip masks of that popcount in increasing order (Gosper's hack).
     */
    public static void forEachValueAtDistance(long value, int width, int distance, LongConsumer action) {
        if (distance < 0 || distance > width) {
            return;
        }
        if (distance == 0) {
            action.accept(value);
            return;
        }
        long flips = distance == 64 ? -1L : (1L << distance) - 1;
        while (true) {
            action.accept(value ^ flips);
            long lowest = flips & -flips;
            long ripple = flips + lowest;
            if (ripple == 0) {
                return; // the ones reached bit 63: that was the last mask
            }
            flips = ripple | (((ripple ^ flips) >>> 2) >>> Long.numberOfTrailingZeros(lowest));
            if (width < 64 && (flips >>> width) != 0) {
                return;
            }
        }
    }

    /** Number of {@code width}-bit values within Hamming {@code radius} of a value: sum of C(width, d), d ≤ radius (as double: may exceed a long). */
    public static double ballSize(int width, int radius) {
        double total = 0;
        for (int d = 0; d <= Math.min(radius, width); d++) {
            total += sphereSize(width, d);
        }
        return total;
    }

    /** Number of {@code width}-bit values at exactly Hamming {@code distance}: C(width, distance), exact below 2^53. */
    public static double sphereSize(int width, int distance) {
        if (distance < 0 || distance > width) {
            return 0;
        }
        int j = Math.min(distance, width - distance);
        double c = 1;
        for (int d = 0; d < j; d++) {
            c = Math.rint(c * (width - d) / (d + 1)); // each step is the integer C(width, d+1)
        }
        return c;
    }
}
