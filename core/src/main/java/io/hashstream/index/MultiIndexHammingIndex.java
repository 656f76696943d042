package io.hashstream.index;

import io.hashstream.code.BinaryCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Multi-index hashing (Norouzi, Punjani, Fleet, CVPR 2012): codes are cut into m substrings
 * ({@link Substrings}); table t maps a substring value to the entries that have it. A radius-r query
 * probes, in table t, every substring value within {@link Substrings#probeRadius} of the query's
 * substring and verifies each candidate's full distance; by pigeonhole that finds every entry within
 * r, so the result is exact and equal to {@link FlatHammingIndex}'s.
 *
 * <p>Layout, all primitive: entries live in a {@link CodeStore} (contiguous ids and codes, swap
 * removal). Per table, a {@link PostingHeads} (a direct array for short substrings, else a
 * {@link LongIntHashMap}) maps a substring value to the first slot of its posting list; the lists are
 * doubly linked through per-table {@code next}/{@code prev} int arrays indexed by slot — O(1) add,
 * remove and slot move, 8 bytes per entry per table.
 *
 * <p>Each candidate is reported once without a visited set: an entry is reported only by the first
 * table (in probing order) whose probe ball contains it; later tables recompute that condition from
 * the candidate's code. kNN probes one ring of one table at a time (r = 0, 1, 2, … ; step r probes
 * table r mod m at substring distance floor(r/m)); after step r every entry within r has been seen.
 *
 * <p>When the estimated probing cost exceeds a linear scan of the stored codes (large radius, small
 * index), the query scans instead; the answer is the same.
 */
public final class MultiIndexHammingIndex implements HammingIndex {
    /* Cost model in rough nanoseconds on a current x86 core, used for the scan fallback and for
       defaultSubstrings: a table probe and a candidate visit each cost about a cache miss; a linear
       scan streams one word per ~1 ns. */
    private static final double PROBE_COST = 40;
    private static final double CANDIDATE_COST = 40;
    private static final double SCAN_COST_PER_WORD = 1;

    private final Substrings layout;
    private final int m;
    private final CodeStore store;
    private final PostingHeads[] heads;
    private final int[][] next;
    private final int[][] prev;
    private final boolean scanFallback;

    /** An index with {@code substrings} tables (see {@link #defaultSubstrings}). */
    public MultiIndexHammingIndex(int bits, int substrings) {
        this(new Substrings(bits, substrings), 16, true);
    }

    /**
     * @param expectedSize pre-sizes the arrays and tables
     * @param scanFallback whether a query may scan linearly when that is estimated to be cheaper than
     *     probing (the results are identical; tests switch it off to exercise probing)
     */
    public MultiIndexHammingIndex(Substrings layout, int expectedSize, boolean scanFallback) {
        this.layout = layout;
        this.m = layout.substringCount();
        this.store = new CodeStore(layout.bits(), expectedSize);
        this.scanFallback = scanFallback;
        this.heads = new PostingHeads[m];
        this.next = new int[m][];
        this.prev = new int[m][];
        for (int t = 0; t < m; t++) {
            heads[t] = PostingHeads.forSubstring(layout.substringBits(t), expectedSize);
            next[t] = new int[store.capacity()];
            prev[t] = new int[store.capacity()];
        }
    }

    /**
     * A substring count for codes of {@code bits} bits, queries of radius {@code radius} and about
     * {@code expectedSize} entries: the m minimising the estimated probing cost for uniformly
     * distributed codes, Σ_t ballSize(b_t, probeRadius_t)·(probe + candidate·N/2^b_t); ties go to the
     * smaller m (less memory). Substrings are kept ≥ 8 bits unless the 64-bit word limit forces more
     * tables. For r &lt; m every table is probed at radius 0, the regime where multi-index hashing
     * shines; r = 0 gives m = 1 (a plain hash lookup).
     */
    public static int defaultSubstrings(int bits, int radius, long expectedSize) {
        BinaryCode.checkBits(bits);
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + radius);
        }
        double n = Math.max(expectedSize, 1);
        int best = minSubstrings(bits);
        double bestCost = Double.POSITIVE_INFINITY;
        for (int count = minSubstrings(bits); count <= maxSubstrings(bits); count++) {
            double cost = probeCost(new Substrings(bits, count), radius, n);
            if (cost < bestCost) {
                bestCost = cost;
                best = count;
            }
        }
        return best;
    }

    /**
     * The paper's rule when the radius is not known: m ≈ K / log2(N), so that each substring has about
     * log2(N) bits and a bucket holds about one entry.
     */
    public static int defaultSubstrings(int bits, long expectedSize) {
        BinaryCode.checkBits(bits);
        double log2n = Math.log(Math.max(expectedSize, 2)) / Math.log(2);
        int count = (int) Math.round(bits / log2n);
        return Math.max(minSubstrings(bits), Math.min(count, maxSubstrings(bits)));
    }

    private static int minSubstrings(int bits) {
        return (bits + 63) / 64;
    }

    private static int maxSubstrings(int bits) {
        return Math.max(minSubstrings(bits), bits / 8);
    }

    /** Estimated cost of probing all tables for one radius query over {@code n} uniform codes. */
    private static double probeCost(Substrings layout, int radius, double n) {
        double cost = 0;
        for (int t = 0; t < layout.substringCount(); t++) {
            int r = layout.probeRadius(t, radius);
            if (r >= 0) {
                cost += Substrings.ballSize(layout.substringBits(t), r) * probeUnitCost(layout.substringBits(t), n);
            }
        }
        return cost;
    }

    /** Cost of probing one substring value: the lookup plus the expected bucket size. */
    private static double probeUnitCost(int substringBits, double n) {
        return PROBE_COST + CANDIDATE_COST * Math.min(n, n / Math.pow(2, substringBits));
    }

    private double scanCost() {
        return (double) store.size * store.stride * SCAN_COST_PER_WORD;
    }

    /** The substring layout (shared with sharded deployments of the same index). */
    public Substrings layout() {
        return layout;
    }

    @Override
    public int bits() {
        return store.bits;
    }

    @Override
    public void add(long id, BinaryCode code) {
        store.checkCode(code);
        int slot = store.slotOf(id);
        if (slot >= 0) {
            if (store.sameCode(slot, code)) {
                return;
            }
            for (int t = 0; t < m; t++) {
                unlink(t, slot);
            }
            store.overwrite(slot, code);
        } else {
            slot = store.append(id, code);
            if (store.capacity() > next[0].length) {
                for (int t = 0; t < m; t++) {
                    next[t] = Arrays.copyOf(next[t], store.capacity());
                    prev[t] = Arrays.copyOf(prev[t], store.capacity());
                }
            }
        }
        for (int t = 0; t < m; t++) {
            link(t, slot);
        }
    }

    @Override
    public boolean remove(long id) {
        int slot = store.slotOf(id);
        if (slot < 0) {
            return false;
        }
        for (int t = 0; t < m; t++) {
            unlink(t, slot);
        }
        int movedFrom = store.removeSlot(slot);
        if (movedFrom >= 0) {
            for (int t = 0; t < m; t++) {
                relink(t, movedFrom, slot);
            }
        }
        return true;
    }

    private long substringAt(int slot, int table) {
        return layout.substring(store.codes, slot * store.stride, table);
    }

    private void link(int t, int slot) {
        long key = substringAt(slot, t);
        int head = heads[t].get(key);
        next[t][slot] = head;
        prev[t][slot] = -1;
        if (head >= 0) {
            prev[t][head] = slot;
        }
        heads[t].put(key, slot);
    }

    private void unlink(int t, int slot) {
        int p = prev[t][slot];
        int n = next[t][slot];
        if (p >= 0) {
            next[t][p] = n;
        } else if (n >= 0) {
            heads[t].put(substringAt(slot, t), n);
        } else {
            heads[t].remove(substringAt(slot, t));
        }
        if (n >= 0) {
            prev[t][n] = p;
        }
    }

    /** The entry formerly in slot {@code from} now lives in {@code to}; repoint its neighbours. */
    private void relink(int t, int from, int to) {
        int p = prev[t][from];
        int n = next[t][from];
        prev[t][to] = p;
        next[t][to] = n;
        if (p >= 0) {
            next[t][p] = to;
        } else {
            heads[t].put(substringAt(to, t), to);
        }
        if (n >= 0) {
            prev[t][n] = to;
        }
    }

    @Override
    public List<Neighbor> radiusSearch(BinaryCode query, int radius) {
        store.checkCode(query);
        FlatHammingIndex.checkRadius(radius);
        if (store.size == 0) {
            return new ArrayList<>();
        }
        int[] radii = new int[m];
        for (int t = 0; t < m; t++) {
            radii[t] = layout.probeRadius(t, radius);
        }
        if (scanFallback && probeCost(layout, radius, store.size) > scanCost()) {
            return LinearScan.radiusSearch(store, query, radius);
        }
        RadiusProbe probe = new RadiusProbe(query, radius, radii);
        for (int t = 0; t < m; t++) {
            if (radii[t] >= 0) {
                probe.table = t;
                layout.forEachWithin(probe.querySubstrings[t], t, radii[t], probe);
            }
        }
        return probe.hits.sorted(store.bits, Integer.MAX_VALUE);
    }

    @Override
    public List<Neighbor> knn(BinaryCode query, int k) {
        store.checkCode(query);
        FlatHammingIndex.checkK(k);
        if (k == 0 || store.size == 0) {
            return new ArrayList<>();
        }
        if (k >= store.size) {
            return LinearScan.radiusSearch(store, query, store.bits);
        }
        KnnProbe probe = new KnnProbe(query);
        double spent = 0;
        int within = 0; // entries found at distance ≤ r; after step r that is all of them
        for (int r = 0; r <= store.bits; r++) {
            int t = r % m;
            int ring = r / m;
            if (ring <= layout.substringBits(t)) {
                spent += Substrings.sphereSize(layout.substringBits(t), ring)
                        * probeUnitCost(layout.substringBits(t), store.size);
                if (scanFallback && spent > scanCost()) {
                    return LinearScan.knn(store, query, k);
                }
                probe.table = t;
                probe.ring = ring;
                layout.forEachAtDistance(probe.querySubstrings[t], t, ring, probe);
            }
            within += probe.countAt[r];
            if (within >= k || probe.found.size() == store.size) {
                break;
            }
        }
        return probe.found.sorted(store.bits, k);
    }

    /** Full Hamming distance between the query words and the code in {@code slot}. */
    private int distance(long[] q, int slot) {
        long[] codes = store.codes;
        int stride = store.stride;
        int base = slot * stride;
        if (stride == 1) {
            return Long.bitCount(codes[base] ^ q[0]);
        }
        int d = Long.bitCount(codes[base] ^ q[0]) + Long.bitCount(codes[base + 1] ^ q[1]);
        for (int w = 2; w < stride; w++) {
            d += Long.bitCount(codes[base + w] ^ q[w]);
        }
        return d;
    }

    private int substringDistance(int slot, int t, long querySubstring) {
        return Long.bitCount(substringAt(slot, t) ^ querySubstring);
    }

    /** Visits the bucket of each probed substring value of one radius query. */
    private final class RadiusProbe implements LongConsumer {
        final long[] queryWords;
        final long[] querySubstrings;
        final int radius;
        final int[] radii;
        final NeighborCollector hits = new NeighborCollector(16);
        int table;

        RadiusProbe(BinaryCode query, int radius, int[] radii) {
            this.queryWords = query.words();
            this.querySubstrings = new long[m];
            for (int t = 0; t < m; t++) {
                querySubstrings[t] = layout.substring(query, t);
            }
            this.radius = radius;
            this.radii = radii;
        }

        @Override
        public void accept(long value) {
            int t = table;
            int[] chain = next[t];
            for (int slot = heads[t].get(value); slot >= 0; slot = chain[slot]) {
                int d = distance(queryWords, slot);
                if (d <= radius && firstProbedHere(slot, t)) {
                    hits.add(store.ids[slot], d);
                }
            }
        }

        /** No earlier table's probe ball holds this entry, so it was not reported yet. */
        private boolean firstProbedHere(int slot, int t) {
            for (int earlier = 0; earlier < t; earlier++) {
                if (substringDistance(slot, earlier, querySubstrings[earlier]) <= radii[earlier]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Visits the bucket of each substring value of the current ring of a kNN query. */
    private final class KnnProbe implements LongConsumer {
        final long[] queryWords;
        final long[] querySubstrings;
        final NeighborCollector found = new NeighborCollector(16);
        final int[] countAt = new int[store.bits + 1];
        int table;
        int ring;

        KnnProbe(BinaryCode query) {
            this.queryWords = query.words();
            this.querySubstrings = new long[m];
            for (int t = 0; t < m; t++) {
                querySubstrings[t] = layout.substring(query, t);
            }
        }

        @Override
        public void accept(long value) {
            int t = table;
            int[] chain = next[t];
            for (int slot = heads[t].get(value); slot >= 0; slot = chain[slot]) {
                if (notSeenBefore(slot, t)) {
                    int d = distance(queryWords, slot);
                    found.add(store.ids[slot], d);
                    countAt[d]++;
                }
            }
        }

        /**
         * Tables before {@code t} have been probed up to the current ring, tables after it up to the
         * ring before; an entry inside any of those balls was found there already.
         */
        private boolean notSeenBefore(int slot, int t) {
            for (int other = 0; other < m; other++) {
                if (other != t) {
                    int reached = other < t ? ring : ring - 1;
                    if (substringDistance(slot, other, querySubstrings[other]) <= reached) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    @Override
    public int size() {
        return store.size;
    }

    @Override
    public long memoryBytes() {
        long bytes = store.memoryBytes();
        for (int t = 0; t < m; t++) {
            bytes += heads[t].memoryBytes()
                    + CodeStore.arrayBytes(next[t].length, 4)
                    + CodeStore.arrayBytes(prev[t].length, 4);
        }
        return bytes;
    }
}
