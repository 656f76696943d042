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
 * the id table (load at most 3/4) and of the last page of each column.
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
 * <p><b>Copies.</b> Every column is a {@link PagedArray}: {@link #copy} shares the pages and a later
 * write copies only the page it touches, so the heap backend's copy of a value a checkpoint still
 * holds costs page tables, not the index.
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

    /** Ids back to back, each within one page (see {@link BytePages#runStart}). */
    private BytePages idBytes;
    private IntPages idEnds;
    private LongPages times;
    private LongPages codes;
    /** Bit per slot. */
    private LongPages dead;
    /** Bit per (slot, table), index {@code slot * m + t}: not linked in table t (its bucket was full). */
    private LongPages unlinked;
    private final Buckets[] tables;
    private final IntPages[] next;

    /** Open addressing over slot + 1 (0 = empty), keyed by the slot's id bytes; live slots only. */
    private IntPages idCells;
    private int idMask;
    private int idCount;
    private transient byte[] scratch = new byte[64];
    private transient long[] wordScratch;

    public PackedMultiIndex(Substrings layout) {
        this(layout, 16);
    }

    private PackedMultiIndex(Substrings layout, int idCellCount) {
        this(layout, new Buckets[layout.substringCount()], new IntPages[layout.substringCount()]);
        idBytes = new BytePages();
        idEnds = new IntPages();
        times = new LongPages();
        codes = new LongPages();
        dead = new LongPages();
        unlinked = new LongPages();
        for (int t = 0; t < m; t++) {
            tables[t] = new Buckets(32);
            next[t] = new IntPages();
        }
        int cells = Math.max(32, Integer.highestOneBit(Math.max(1, idCellCount) - 1) << 1);
        idCells = new IntPages(cells);
        idMask = cells - 1;
    }

    private PackedMultiIndex(Substrings layout, Buckets[] tables, IntPages[] next) {
        if (layout.substringCount() > 64) {
            throw new IllegalArgumentException("at most 64 tables, got " + layout.substringCount());
        }
        this.layout = layout;
        this.stride = BinaryCode.wordsFor(layout.bits());
        this.m = layout.substringCount();
        this.tables = tables;
        this.next = next;
        this.wordScratch = new long[stride];
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
        return !dead.bit(slot);
    }

    public String id(int slot) {
        int end = idEnds.get(slot);
        int start = idStart(slot, end);
        return ModifiedUtf8.decode(idBytes.pageOf(start), BytePages.offset(start), BytePages.offset(start) + end - start);
    }

    public long time(int slot) {
        return times.get(slot);
    }

    /** Whether the slot is linked in table t (false when its bucket there was full). */
    public boolean linked(int slot, int t) {
        return !unlinked.bit((long) slot * m + t);
    }

    /** The live slot holding {@code id}, or -1. */
    public int find(String id) {
        int length = encodeScratch(id);
        int cell = hash(scratch, 0, length) & idMask;
        while (true) {
            int v = idCells.get(cell);
            if (v == 0) {
                return -1;
            }
            int slot = v - 1;
            int end = idEnds.get(slot);
            int start = idStart(slot, end);
            int from = BytePages.offset(start);
            if (end - start == length
                    && Arrays.equals(idBytes.pageOf(start), from, from + length, scratch, 0, length)) {
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
        int slot = append(id, time, code.words());
        int dropped = 0;
        for (int t = 0; t < m; t++) {
            int count = tables[t].push(layout.substring(code, t), slot, next[t], cap);
            if (count < 0) {
                unlinked.setBit((long) slot * m + t);
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
        while (sweep < size && (!isLive(sweep) || times.get(sweep) < this.cutoff)) {
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
        return sweep < size ? times.get(sweep) : Long.MAX_VALUE;
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
        long[] words = new long[stride];
        for (int t = 0; t < m; t++) {
            if (radii[t] < 0) {
                continue;
            }
            final int table = t;
            layout.forEachWithin(own[t], t, radii[t], value -> {
                IntPages chain = next[table];
                for (int slot = tables[table].head(value); slot >= 0; slot = chain.get(slot)) {
                    if (!isLive(slot)) {
                        continue;
                    }
                    loadWords(slot, words);
                    int d = distance(words, q);
                    if (d <= radius && !reportedEarlier(slot, words, table, own, radii)) {
                        hits.hit(slot, d);
                    }
                }
            });
        }
    }

    private boolean reportedEarlier(int slot, long[] words, int table, long[] own, int[] radii) {
        for (int e = 0; e < table; e++) {
            if (radii[e] >= 0 && linked(slot, e)
                    && Long.bitCount(layout.substring(words, 0, e) ^ own[e]) <= radii[e]) {
                return true;
            }
        }
        return false;
    }

    private static int distance(long[] words, long[] q) {
        int d = 0;
        for (int w = 0; w < words.length; w++) {
            d += Long.bitCount(words[w] ^ q[w]);
        }
        return d;
    }

    private void loadWords(int slot, long[] into) {
        int base = slot * stride;
        for (int w = 0; w < stride; w++) {
            into[w] = codes.get(base + w);
        }
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
        long[] words = new long[stride];
        loadWords(slot, words);
        return words;
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
        if (words.length != stride) {
            throw new IllegalArgumentException("code has " + words.length + " words, index holds " + stride);
        }
        int slot = append(id, time, words);
        for (int t = 0; t < m; t++) {
            if ((unlinkedMask & (1L << t)) != 0) {
                unlinked.setBit((long) slot * m + t);
            } else {
                int count = tables[t].push(layout.substring(words, 0, t), slot, next[t], Integer.MAX_VALUE);
                largestBucket = Math.max(largestBucket, count);
            }
        }
    }

    /** Bytes held by the pages (headers and page tables included): what the heap retains. */
    public long memoryBytes() {
        long bytes = idBytes.memoryBytes() + idEnds.memoryBytes() + times.memoryBytes()
                + codes.memoryBytes() + dead.memoryBytes() + unlinked.memoryBytes() + idCells.memoryBytes();
        for (int t = 0; t < m; t++) {
            bytes += next[t].memoryBytes() + tables[t].memoryBytes();
        }
        return bytes;
    }

    /**
     * A copy that behaves as a deep copy (the state serializer's copy) at the cost of page tables: the
     * two share their pages, and each copies a page before its first write to it.
     */
    public PackedMultiIndex copy() {
        PackedMultiIndex c = new PackedMultiIndex(layout, new Buckets[m], new IntPages[m]);
        c.size = size;
        c.live = live;
        c.sweep = sweep;
        c.cutoff = cutoff;
        c.largestBucket = largestBucket;
        c.idBytes = idBytes.share();
        c.idEnds = idEnds.share();
        c.times = times.share();
        c.codes = codes.share();
        c.dead = dead.share();
        c.unlinked = unlinked.share();
        for (int t = 0; t < m; t++) {
            c.tables[t] = tables[t].share();
            c.next[t] = next[t].share();
        }
        c.idCells = idCells.share();
        c.idMask = idMask;
        c.idCount = idCount;
        return c;
    }

    private int append(String id, long time, long[] words) {
        if ((idCount + 1) * 4L > (idMask + 1) * 3L) {
            rehashIds((idMask + 1) * 2);
        }
        int slot = size;
        int length = encodeScratch(id);
        int previousEnd = slot == 0 ? 0 : idEnds.get(slot - 1);
        long start = BytePages.fitStart(previousEnd, length);
        if (start + length > Integer.MAX_VALUE) {
            throw new IllegalStateException("a shard's ids outgrew 2 GiB");
        }
        idBytes.ensureCapacity(start + length);
        idBytes.write(start, scratch, length);
        ensureSlots(slot + 1);
        size++;
        idEnds.set(slot, (int) (start + length));
        times.set(slot, time);
        for (int w = 0; w < stride; w++) {
            codes.set(slot * stride + w, words[w]);
        }
        live++;
        insertIdCell(slot);
        return slot;
    }

    private void ensureSlots(int slots) {
        idEnds.ensureCapacity(slots);
        times.ensureCapacity(slots);
        codes.ensureCapacity((long) slots * stride);
        dead.ensureCapacity(bitWords(slots));
        unlinked.ensureCapacity(bitWords((long) slots * m));
        for (int t = 0; t < m; t++) {
            next[t].ensureCapacity(slots);
        }
    }

    private void kill(int slot) {
        if (!isLive(slot)) {
            throw new IllegalStateException("slot " + slot + " is not live");
        }
        dead.setBit(slot);
        live--;
        deleteIdCell(slot);
        loadWords(slot, wordScratch);
        for (int t = 0; t < m; t++) {
            if (linked(slot, t)) {
                tables[t].decrement(layout.substring(wordScratch, 0, t));
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
        PackedMultiIndex fresh = new PackedMultiIndex(layout, (live + (live >> 2) + 16) * 4 / 3);
        for (int slot = 0; slot < size; slot++) {
            if (isLive(slot) && times.get(slot) >= cutoff) {
                fresh.restore(id(slot), times.get(slot), words(slot), unlinkedMask(slot));
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

    private int idStart(int slot, int end) {
        return (int) BytePages.runStart(slot == 0 ? 0 : idEnds.get(slot - 1), end);
    }

    private int encodeScratch(String id) {
        if (scratch == null || scratch.length < ModifiedUtf8.maxLength(id)) {
            scratch = new byte[Math.max(64, ModifiedUtf8.maxLength(id))];
        }
        return ModifiedUtf8.encodeInto(id, scratch, 0);
    }

    private int slotHash(int slot) {
        int end = idEnds.get(slot);
        int start = idStart(slot, end);
        int from = BytePages.offset(start);
        return hash(idBytes.pageOf(start), from, from + end - start);
    }

    private void insertIdCell(int slot) {
        int cell = slotHash(slot) & idMask;
        while (idCells.get(cell) != 0) {
            cell = (cell + 1) & idMask;
        }
        idCells.set(cell, slot + 1);
        idCount++;
    }

    /** Backward-shift deletion, so lookups never stop early at a hole. */
    private void deleteIdCell(int slot) {
        int cell = slotHash(slot) & idMask;
        while (idCells.get(cell) != slot + 1) {
            cell = (cell + 1) & idMask;
        }
        int gap = cell;
        int j = cell;
        while (true) {
            j = (j + 1) & idMask;
            int v = idCells.get(j);
            if (v == 0) {
                break;
            }
            int home = slotHash(v - 1) & idMask;
            if (((j - home) & idMask) >= ((j - gap) & idMask)) {
                idCells.set(gap, v);
                gap = j;
            }
        }
        idCells.set(gap, 0);
        idCount--;
    }

    private void rehashIds(int length) {
        idCells = new IntPages(length);
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

    private static long bitWords(long bits) {
        return (bits + 63) >>> 6;
    }

    /**
     * One table's buckets: substring value → newest slot and live count, by open addressing over
     * (value, slot + 1 in the high half | count in the low half) pairs, so a lookup touches one cache
     * line. Cells are never removed (a bucket's chain may still hold dead slots); rebuilds start afresh.
     */
    private static final class Buckets {
        private LongPages cells;
        /** Pairs, a power of two. */
        private int pairs;
        private int used;

        Buckets(int pairs) {
            this.pairs = pairs;
            this.cells = new LongPages(2L * pairs);
        }

        private Buckets() {
        }

        int head(long key) {
            return (int) (cells.get(cell(key) + 1) >>> 32) - 1;
        }

        /**
         * Links {@code slot} at the front of its bucket unless the bucket holds {@code cap} live slots;
         * returns the bucket's new live count, or -1 when it was full.
         */
        int push(long key, int slot, IntPages chain, int cap) {
            int c = cell(key);
            long v = cells.get(c + 1);
            if (v == 0) {
                if ((used + 1) * 4L > pairs * 3L) {
                    rehash(pairs * 2);
                    c = cell(key);
                }
                cells.set(c, key);
                used++;
            } else if ((int) v >= cap) {
                return -1;
            }
            chain.set(slot, (int) (v >>> 32) - 1);
            int count = (int) v + 1;
            cells.set(c + 1, ((long) (slot + 1) << 32) | count);
            return count;
        }

        void decrement(long key) {
            int c = cell(key) + 1;
            cells.set(c, cells.get(c) - 1);
        }

        /** Index of the pair holding {@code key}, or of the empty pair where it would go. */
        private int cell(long key) {
            int mask = pairs - 1;
            int c = fmix(key) & mask;
            while (cells.get(2 * c + 1) != 0 && cells.get(2 * c) != key) {
                c = (c + 1) & mask;
            }
            return 2 * c;
        }

        private void rehash(int newPairs) {
            LongPages old = cells;
            int oldPairs = pairs;
            pairs = newPairs;
            cells = new LongPages(2L * newPairs);
            for (int i = 0; i < oldPairs; i++) {
                long v = old.get(2 * i + 1);
                if (v != 0) {
                    int c = cell(old.get(2 * i));
                    cells.set(c, old.get(2 * i));
                    cells.set(c + 1, v);
                }
            }
        }

        Buckets share() {
            Buckets c = new Buckets();
            c.cells = cells.share();
            c.pairs = pairs;
            c.used = used;
            return c;
        }

        long memoryBytes() {
            return cells.memoryBytes();
        }
    }
}
