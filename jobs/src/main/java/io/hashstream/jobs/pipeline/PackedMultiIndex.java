package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import io.hashstream.index.Substrings;
import java.util.Arrays;

/**
 * One index shard's images under one model, for the {@code shards} index layout: multi-index hashing
 * over slots held in primitive arrays, with no object per image.
 *
 * <p><b>Layout.</b> Slot i holds the image's id (modified UTF-8 bytes back to back, with end offsets),
 * its event time and its code words. Table t maps a substring value to the newest slot with that value
 * and the bucket's live count; {@code next[t][i]} is the next older slot of the same bucket, -1 at the
 * end. Ids map to slots through open addressing over slot numbers, keyed by the bytes the slots hold.
 * About L + 20 + 8w + 4m bytes per image of an L-byte id, w code words and m tables, plus the slack of
 * growing arrays by half.
 *
 * <p><b>Removal.</b> A delete, a re-sent id or the retention marks the slot dead; chains skip dead
 * slots; once dead slots outnumber live ones the arrays are rebuilt without them (amortised O(1) per
 * removal). Slots are appended in the shard's processing order, which is event-time order, so the
 * retention evicts a prefix through a cursor. A late message can put an older time after newer ones:
 * the cursor stops at the first slot it keeps, and the older entry goes at the next rebuild (until then
 * no probe sees it, because visibility checks the retention too).
 *
 * <p><b>Hot buckets.</b> A bucket links at most {@code cap} live slots. A slot that found its bucket
 * full in table t is stored (its id still deletes and replaces) but not linked in t. That flag is kept
 * per slot and table through rebuilds and snapshots, so answers do not depend on when those happen.
 *
 * <p>Not thread-safe; mutated in place (the heap state backend hands back the same instance).
 */
public final class PackedMultiIndex {
    private final Substrings layout;
    private final int stride;
    private final int m;

    /** Slots in use, live or dead. */
    private int size;
    private int live;
    /** Every slot below is dead: where retention's next eviction starts. */
    private int sweep;
    /** The latest retention cutoff: entries older are dropped at the next rebuild. */
    private long cutoff = Long.MIN_VALUE;
    private int largestBucket;

    private byte[] idBytes;
    private int[] idEnds;
    private long[] times;
    private long[] codes;
    /** Bit per slot. */
    private long[] dead;
    /** Bit per (slot, table), index {@code slot * m + t}: not linked in table t (its bucket was full). */
    private long[] unlinked;
    private final Buckets[] tables;
    private final int[][] next;

    /** Open addressing over slot + 1 (0 = empty), keyed by the slot's id bytes; live slots only. */
    private int[] idCells;
    private int idMask;
    private int idCount;
    private transient byte[] scratch = new byte[64];

    public PackedMultiIndex(Substrings layout) {
        this(layout, 16, 16);
    }

    private PackedMultiIndex(Substrings layout, int capacity, int idBytesPerSlot) {
        if (layout.substringCount() > 64) {
            throw new IllegalArgumentException("at most 64 tables, got " + layout.substringCount());
        }
        this.layout = layout;
        this.stride = BinaryCode.wordsFor(layout.bits());
        this.m = layout.substringCount();
        idBytes = new byte[Math.max(16, capacity * idBytesPerSlot)];
        idEnds = new int[capacity];
        times = new long[capacity];
        codes = new long[capacity * stride];
        dead = new long[bitWords(capacity)];
        unlinked = new long[bitWords((long) capacity * m)];
        tables = new Buckets[m];
        next = new int[m][];
        for (int t = 0; t < m; t++) {
            tables[t] = new Buckets();
            next[t] = new int[capacity];
        }
        idCells = new int[Math.max(32, Integer.highestOneBit(capacity) * 4)];
        idMask = idCells.length - 1;
    }

    public Substrings layout() {
        return layout;
    }

    /** Live images. */
    public int size() {
        return live;
    }

    /** Slots in use, live and dead (a slot number is below this). */
    public int slots() {
        return size;
    }

    /** Most live images one bucket has held. */
    public int largestBucket() {
        return largestBucket;
    }

    public boolean isLive(int slot) {
        return (dead[slot >>> 6] & (1L << slot)) == 0;
    }

    public String id(int slot) {
        return ModifiedUtf8.decode(idBytes, idStart(slot), idEnds[slot]);
    }

    public long time(int slot) {
        return times[slot];
    }

    /** Whether the slot is linked in table t (false when its bucket there was full). */
    public boolean linked(int slot, int t) {
        long bit = (long) slot * m + t;
        return (unlinked[(int) (bit >>> 6)] & (1L << bit)) == 0;
    }

    /** The live slot holding {@code id}, or -1. */
    public int find(String id) {
        int length = encodeScratch(id);
        int cell = hash(scratch, 0, length) & idMask;
        while (true) {
            int v = idCells[cell];
            if (v == 0) {
                return -1;
            }
            int slot = v - 1;
            int start = idStart(slot);
            if (idEnds[slot] - start == length && Arrays.equals(idBytes, start, idEnds[slot], scratch, 0, length)) {
                return slot;
            }
            cell = (cell + 1) & idMask;
        }
    }

    /**
     * Stores an image whose id is not held (see {@link #find}); returns in how many tables its bucket
     * was full, so that it is not linked there.
     */
    public int add(String id, long time, BinaryCode code, int cap) {
        if (code.bits() != layout.bits()) {
            throw new IllegalArgumentException("code has " + code.bits() + " bits, index holds " + layout.bits());
        }
        int slot = append(id, time, code);
        int dropped = 0;
        for (int t = 0; t < m; t++) {
            int count = tables[t].push(layout.substring(codes, slot * stride, t), slot, next[t], cap);
            if (count < 0) {
                setUnlinked(slot, t);
                dropped++;
            } else {
                largestBucket = Math.max(largestBucket, count);
            }
        }
        return dropped;
    }

    /**
     * Marks a live slot dead (delete, re-sent id); returns how many entries older than the retention a
     * rebuild this triggered dropped as well.
     */
    public int remove(int slot) {
        kill(slot);
        return compactIfWorthIt();
    }

    /**
     * Drops the entries older than {@code cutoff} (event time); returns how many.
     * Every later probe is newer than {@code cutoff} plus the retention, so none could see them.
     */
    public int evictOlderThan(long cutoff) {
        this.cutoff = Math.max(this.cutoff, cutoff);
        int evicted = 0;
        while (sweep < size && (!isLive(sweep) || times[sweep] < this.cutoff)) {
            if (isLive(sweep)) {
                kill(sweep);
                evicted++;
            }
            sweep++;
        }
        if (evicted > 0) {
            evicted += compactIfWorthIt();
        }
        return evicted;
    }

    /** The latest cutoff {@link #evictOlderThan} was given ({@code Long.MIN_VALUE} if none). */
    public long retentionCutoff() {
        return cutoff;
    }

    /**
     * Restores a snapshot's cutoff without evicting: entries older than it that the snapshot held are
     * late stragglers, dropped at the next rebuild as they would have been.
     */
    public void keepCutoff(long cutoff) {
        this.cutoff = Math.max(this.cutoff, cutoff);
    }

    /** Event time of the oldest entry retention has not passed yet, or {@code Long.MAX_VALUE}. */
    public long nextExpiringTime() {
        while (sweep < size && !isLive(sweep)) {
            sweep++;
        }
        return sweep < size ? times[sweep] : Long.MAX_VALUE;
    }

    /** Receives each live entry within a search's radius, once. */
    public interface Hits {
        void hit(int slot, int distance);
    }

    /**
     * Every live entry within Hamming {@code radius} of {@code query}, each reported once: by the first
     * table (in probing order) whose probe ball holds it and that links it.
     */
    public void search(BinaryCode query, int radius, Hits hits) {
        long[] q = query.words();
        int[] radii = new int[m];
        long[] own = new long[m];
        for (int t = 0; t < m; t++) {
            radii[t] = layout.probeRadius(t, radius);
            own[t] = layout.substring(query, t);
        }
        for (int t = 0; t < m; t++) {
            if (radii[t] < 0) {
                continue;
            }
            final int table = t;
            layout.forEachWithin(own[t], t, radii[t], value -> {
                int[] chain = next[table];
                for (int slot = tables[table].head(value); slot >= 0; slot = chain[slot]) {
                    if (!isLive(slot)) {
                        continue;
                    }
                    int d = distance(slot, q);
                    if (d <= radius && !reportedEarlier(slot, table, own, radii)) {
                        hits.hit(slot, d);
                    }
                }
            });
        }
    }

    private boolean reportedEarlier(int slot, int table, long[] own, int[] radii) {
        for (int e = 0; e < table; e++) {
            if (radii[e] >= 0 && linked(slot, e)
                    && Long.bitCount(layout.substring(codes, slot * stride, e) ^ own[e]) <= radii[e]) {
                return true;
            }
        }
        return false;
    }

    private int distance(int slot, long[] q) {
        int base = slot * stride;
        int d = 0;
        for (int w = 0; w < stride; w++) {
            d += Long.bitCount(codes[base + w] ^ q[w]);
        }
        return d;
    }

    /** Calls {@code action} with every live slot, oldest first. */
    public void forEachLive(java.util.function.IntConsumer action) {
        for (int slot = 0; slot < size; slot++) {
            if (isLive(slot)) {
                action.accept(slot);
            }
        }
    }

    /** Code words of a slot, copied. */
    public long[] words(int slot) {
        return Arrays.copyOfRange(codes, slot * stride, slot * stride + stride);
    }

    /** Bit t set for each table the slot is not linked in. */
    public long unlinkedMask(int slot) {
        long mask = 0;
        for (int t = 0; t < m; t++) {
            if (!linked(slot, t)) {
                mask |= 1L << t;
            }
        }
        return mask;
    }

    /**
     * Appends an entry as a snapshot held it: linked in every table but those in {@code unlinkedMask}
     * (used by the serializer and by rebuilds, so the hot-bucket decisions survive both).
     */
    public void restore(String id, long time, long[] words, long unlinkedMask) {
        int slot = append(id, time, BinaryCode.ofWords(layout.bits(), words));
        for (int t = 0; t < m; t++) {
            if ((unlinkedMask & (1L << t)) != 0) {
                setUnlinked(slot, t);
            } else {
                int count = tables[t].push(layout.substring(codes, slot * stride, t), slot, next[t], Integer.MAX_VALUE);
                largestBucket = Math.max(largestBucket, count);
            }
        }
    }

    /** Bytes held by the arrays (capacity, headers included): what the heap retains. */
    public long memoryBytes() {
        long bytes = array(idBytes.length, 1) + array(idEnds.length, 4) + array(times.length, 8)
                + array(codes.length, 8) + array(dead.length, 8) + array(unlinked.length, 8)
                + array(idCells.length, 4);
        for (int t = 0; t < m; t++) {
            bytes += array(next[t].length, 4) + tables[t].memoryBytes();
        }
        return bytes;
    }

    /** A deep copy (the state serializer's copy). */
    public PackedMultiIndex copy() {
        PackedMultiIndex c = new PackedMultiIndex(layout);
        c.take(this);
        c.unshare();
        return c;
    }

    /** After {@link #take}: own copies of every array, so the two indexes no longer share any. */
    private void unshare() {
        idBytes = idBytes.clone();
        idEnds = idEnds.clone();
        times = times.clone();
        codes = codes.clone();
        dead = dead.clone();
        unlinked = unlinked.clone();
        for (int t = 0; t < m; t++) {
            tables[t] = tables[t].copy();
            next[t] = next[t].clone();
        }
        idCells = idCells.clone();
    }

    private int append(String id, long time, BinaryCode code) {
        if (size == times.length) {
            grow();
        }
        if ((idCount + 1) * 4L > idCells.length * 3L) {
            rehashIds(idCells.length * 2);
        }
        int slot = size++;
        int start = idStart(slot);
        int need = start + ModifiedUtf8.maxLength(id);
        if (need > idBytes.length) {
            idBytes = Arrays.copyOf(idBytes, Math.max(need, idBytes.length + (idBytes.length >> 1)));
        }
        idEnds[slot] = ModifiedUtf8.encodeInto(id, idBytes, start);
        times[slot] = time;
        code.copyWordsTo(codes, slot * stride);
        live++;
        insertIdCell(slot);
        return slot;
    }

    private void kill(int slot) {
        if (!isLive(slot)) {
            throw new IllegalStateException("slot " + slot + " is not live");
        }
        dead[slot >>> 6] |= 1L << slot;
        live--;
        deleteIdCell(slot);
        for (int t = 0; t < m; t++) {
            if (linked(slot, t)) {
                tables[t].decrement(layout.substring(codes, slot * stride, t));
            }
        }
    }

    /** Rebuilds once dead slots outnumber live ones; returns how many expired entries that dropped. */
    private int compactIfWorthIt() {
        int deadSlots = size - live;
        if (deadSlots < 64 || deadSlots < live) {
            return 0;
        }
        int before = live;
        PackedMultiIndex fresh = new PackedMultiIndex(layout, live + (live >> 2) + 16,
                (idStart(size) + size - 1) / Math.max(1, size));
        for (int slot = 0; slot < size; slot++) {
            if (isLive(slot) && times[slot] >= cutoff) {
                fresh.restore(id(slot), times[slot], words(slot), unlinkedMask(slot));
            }
        }
        fresh.cutoff = cutoff;
        fresh.largestBucket = largestBucket;
        take(fresh);
        return before - live;
    }

    private void take(PackedMultiIndex o) {
        size = o.size;
        live = o.live;
        sweep = o.sweep;
        cutoff = o.cutoff;
        largestBucket = o.largestBucket;
        idBytes = o.idBytes;
        idEnds = o.idEnds;
        times = o.times;
        codes = o.codes;
        dead = o.dead;
        unlinked = o.unlinked;
        System.arraycopy(o.tables, 0, tables, 0, m);
        System.arraycopy(o.next, 0, next, 0, m);
        idCells = o.idCells;
        idMask = o.idMask;
        idCount = o.idCount;
    }

    private void grow() {
        int capacity = times.length + (times.length >> 1) + 16;
        idEnds = Arrays.copyOf(idEnds, capacity);
        times = Arrays.copyOf(times, capacity);
        codes = Arrays.copyOf(codes, capacity * stride);
        dead = Arrays.copyOf(dead, bitWords(capacity));
        unlinked = Arrays.copyOf(unlinked, bitWords((long) capacity * m));
        for (int t = 0; t < m; t++) {
            next[t] = Arrays.copyOf(next[t], capacity);
        }
    }

    private void setUnlinked(int slot, int t) {
        long bit = (long) slot * m + t;
        unlinked[(int) (bit >>> 6)] |= 1L << bit;
    }

    private int idStart(int slot) {
        return slot == 0 ? 0 : idEnds[slot - 1];
    }

    private int encodeScratch(String id) {
        if (scratch == null || scratch.length < ModifiedUtf8.maxLength(id)) {
            scratch = new byte[Math.max(64, ModifiedUtf8.maxLength(id))];
        }
        return ModifiedUtf8.encodeInto(id, scratch, 0);
    }

    private int slotHash(int slot) {
        return hash(idBytes, idStart(slot), idEnds[slot]);
    }

    private void insertIdCell(int slot) {
        int cell = slotHash(slot) & idMask;
        while (idCells[cell] != 0) {
            cell = (cell + 1) & idMask;
        }
        idCells[cell] = slot + 1;
        idCount++;
    }

    /** Backward-shift deletion, so lookups never stop early at a hole. */
    private void deleteIdCell(int slot) {
        int cell = slotHash(slot) & idMask;
        while (idCells[cell] != slot + 1) {
            cell = (cell + 1) & idMask;
        }
        int gap = cell;
        int j = cell;
        while (true) {
            j = (j + 1) & idMask;
            int v = idCells[j];
            if (v == 0) {
                break;
            }
            int home = slotHash(v - 1) & idMask;
            if (((j - home) & idMask) >= ((j - gap) & idMask)) {
                idCells[gap] = v;
                gap = j;
            }
        }
        idCells[gap] = 0;
        idCount--;
    }

    private void rehashIds(int length) {
        idCells = new int[length];
        idMask = length - 1;
        idCount = 0;
        for (int slot = 0; slot < size; slot++) {
            if (isLive(slot)) {
                insertIdCell(slot);
            }
        }
    }

    private static int hash(byte[] b, int from, int to) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x100000001B3L;
        }
        return fmix(h);
    }

    static int fmix(long key) {
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        key ^= key >>> 33;
        return (int) key;
    }

    private static int bitWords(long bits) {
        return (int) ((bits + 63) >>> 6);
    }

    private static long array(long length, int elementBytes) {
        return 16 + length * elementBytes;
    }

    /**
     * One table's buckets: substring value → newest slot and live count, by open addressing over one
     * array of (value, slot + 1 in the high half | count in the low half) pairs, so a lookup touches one
     * cache line. Cells are never removed (a bucket's chain may still hold dead slots); rebuilds start
     * afresh.
     */
    private static final class Buckets {
        private long[] cells = new long[32];
        private int used;

        int head(long key) {
            return (int) (cells[cell(key) + 1] >>> 32) - 1;
        }

        /**
         * Links {@code slot} at the front of its bucket unless the bucket holds {@code cap} live slots;
         * returns the bucket's new live count, or -1 when it was full.
         */
        int push(long key, int slot, int[] chain, int cap) {
            int c = cell(key);
            long v = cells[c + 1];
            if (v == 0) {
                if ((used + 1) * 8L > cells.length * 3L) { // load 0.75 over cells.length / 2 pairs
                    rehash(cells.length * 2);
                    c = cell(key);
                }
                cells[c] = key;
                used++;
            } else if ((int) v >= cap) {
                return -1;
            }
            chain[slot] = (int) (v >>> 32) - 1;
            int count = (int) v + 1;
            cells[c + 1] = ((long) (slot + 1) << 32) | count;
            return count;
        }

        void decrement(long key) {
            cells[cell(key) + 1]--;
        }

        /** Index of the pair holding {@code key}, or of the empty pair where it would go. */
        private int cell(long key) {
            int mask = (cells.length >>> 1) - 1;
            int c = fmix(key) & mask;
            while (cells[2 * c + 1] != 0 && cells[2 * c] != key) {
                c = (c + 1) & mask;
            }
            return 2 * c;
        }

        private void rehash(int length) {
            long[] old = cells;
            cells = new long[length];
            for (int i = 0; i < old.length; i += 2) {
                if (old[i + 1] != 0) {
                    int c = cell(old[i]);
                    cells[c] = old[i];
                    cells[c + 1] = old[i + 1];
                }
            }
        }

        Buckets copy() {
            Buckets c = new Buckets();
            c.cells = cells.clone();
            c.used = used;
            return c;
        }

        long memoryBytes() {
            return array(cells.length, 8);
        }
    }
}
