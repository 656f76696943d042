package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import io.hashstream.code.Hamming;
import java.util.Arrays;

/**
 * The postings of one index bucket in columnar primitive form: the ids' characters back to back in
 * one {@code byte[]} (modified UTF-8, as {@code DataOutput.writeUTF} writes them) with each id's end
 * offset in an {@code int[]}, the event times in a {@code long[]}, and the full codes back to back in
 * one {@code long[]}. No per-entry objects: a bucket of n 64-bit entries with ids of L ASCII characters
 * costs about n × (L + 4 + 8 + 8) bytes, where an array of {@code String}s would cost n × (L + 60)
 * (reference, String object, byte array header) — the ids dominated the heap state. Entries stay in
 * insertion order: event-time order, except for messages later than the out-of-orderness bound, which
 * the next watermark releases after newer entries.
 *
 * <p>Mutable: the heap state backend hands the same instance back on every access, so updates are
 * in place; {@link #copy()} gives an independent copy for the serializer.
 */
public final class PostingList {
    private final int wordsPerCode;
    private int size;
    /** Entry i's id is {@code idBytes[i == 0 ? 0 : idEnds[i - 1] .. idEnds[i])}. */
    private byte[] idBytes;
    private int[] idEnds;
    private long[] times;
    private long[] words;
    /**
     * Smallest event time held, or {@code Long.MAX_VALUE} when empty; {@link #oldestStale} when a
     * removal may have taken it. Cached because every shard timer asks for it and tries an eviction:
     * a scan of the whole bucket each time was a quarter of the shard's time at 3.8M images.
     */
    private long oldest = Long.MAX_VALUE;
    private boolean oldestStale = true;

    public PostingList(int wordsPerCode) {
        this(wordsPerCode, 0, new byte[32], new int[4], new long[4], new long[4 * wordsPerCode]);
    }

    /** Wraps {@code ids}, {@code times} and {@code words} whose first {@code size} entries are valid (used by the serializer). */
    public PostingList(int wordsPerCode, int size, String[] ids, long[] times, long[] words) {
        this(wordsPerCode, 0, new byte[Math.max(32, size * 16)], new int[Math.max(times.length, 1)], times, words);
        int used = 0;
        for (int i = 0; i < size; i++) {
            used = appendId(ids[i], used);
            idEnds[i] = used;
        }
        this.size = size;
    }

    private PostingList(int wordsPerCode, int size, byte[] idBytes, int[] idEnds, long[] times, long[] words) {
        if (wordsPerCode < 1) {
            throw new IllegalArgumentException("wordsPerCode must be >= 1");
        }
        this.wordsPerCode = wordsPerCode;
        this.size = size;
        this.idBytes = idBytes;
        this.idEnds = idEnds;
        this.times = times;
        this.words = words;
    }

    public int size() {
        return size;
    }

    public int wordsPerCode() {
        return wordsPerCode;
    }

    /** Entry i's id (a new String: callers on a hot path should ask only for the entries they keep). */
    public String id(int i) {
        int start = idStart(i);
        return ModifiedUtf8.decode(idBytes, start, idEnds[i]);
    }

    public long time(int i) {
        return times[i];
    }

    /** The packed words array; entry i's code starts at {@code i * wordsPerCode()}. */
    public long[] words() {
        return words;
    }

    /** Hamming distance between entry i and {@code query}'s words. */
    public int distance(int i, BinaryCode query) {
        int d = 0;
        int base = i * wordsPerCode;
        for (int w = 0; w < wordsPerCode; w++) {
            d += Hamming.distance(words[base + w], query.word(w));
        }
        return d;
    }

    public void add(String id, long time, BinaryCode code) {
        if (code.wordCount() != wordsPerCode) {
            throw new IllegalArgumentException("code has " + code.wordCount() + " words, bucket holds " + wordsPerCode);
        }
        if (size >= idEnds.length || size >= times.length || (size + 1) * wordsPerCode > words.length) {
            int cap = Math.max(4, size * 2);
            idEnds = Arrays.copyOf(idEnds, cap);
            times = Arrays.copyOf(times, cap);
            words = Arrays.copyOf(words, cap * wordsPerCode);
        }
        idEnds[size] = appendId(id, size == 0 ? 0 : idEnds[size - 1]);
        times[size] = time;
        code.copyWordsTo(words, size * wordsPerCode);
        size++;
        if (!oldestStale) {
            oldest = Math.min(oldest, time);
        }
    }

    /** Index of the entry with this id, or -1. */
    public int indexOf(String id) {
        return indexOf(id, null);
    }

    /**
     * Index of the entry with this id and, unless {@code code} is null, this code; or -1. Of several, the
     * one with the earliest event time (the first of those in the bucket's order).
     */
    private int indexOf(String id, BinaryCode code) {
        byte[] key = ModifiedUtf8.encode(id);
        int length = key.length;
        // Ids of one feed tend to share a prefix and differ at the end ("img-105000", "img-105001"):
        // the length and the last byte rule out almost every other entry before a full comparison.
        byte last = length == 0 ? 0 : key[length - 1];
        int start = 0;
        int found = -1;
        for (int i = 0; i < size; i++) {
            int end = idEnds[i];
            if (end - start == length && (length == 0 || idBytes[end - 1] == last)
                    && Arrays.equals(idBytes, start, end, key, 0, length)
                    && (code == null || distance(i, code) == 0)
                    && (found < 0 || times[i] < times[found])) {
                found = i;
            }
            start = end;
        }
        return found;
    }

    /** Removes the entry with this id; returns whether there was one. */
    public boolean remove(String id) {
        int i = indexOf(id);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /**
     * Removes the entry with this id and code; returns whether there was one. A bucket can hold two
     * entries of one id for a moment (a late re-send is inserted before the removal of its older or
     * newer twin runs): the code says which one the registry meant, and where both have one code the
     * removal is of the older, which is what the registry removes (a newer version is never removed
     * while an older one stays).
     */
    public boolean remove(String id, BinaryCode code) {
        int i = indexOf(id, code);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /**
     * Removes an entry with this id, code and exactly this event time; returns whether there was one.
     * Looks only at the tail of entries at or after {@code time}: copies of one record are released by
     * one watermark, next to each other.
     */
    public boolean removeCopy(String id, long time, BinaryCode code) {
        byte[] key = ModifiedUtf8.encode(id);
        for (int i = size - 1; i >= 0 && times[i] >= time; i--) {
            int start = idStart(i);
            if (times[i] == time && distance(i, code) == 0 && idEnds[i] - start == key.length
                    && Arrays.equals(idBytes, start, idEnds[i], key, 0, key.length)) {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    private void removeAt(int i) {
        int start = idStart(i);
        int length = idEnds[i] - start;
        int used = idEnds[size - 1];
        System.arraycopy(idBytes, idEnds[i], idBytes, start, used - idEnds[i]);
        for (int j = i; j < size - 1; j++) {
            idEnds[j] = idEnds[j + 1] - length;
        }
        int tail = size - i - 1;
        System.arraycopy(times, i + 1, times, i, tail);
        System.arraycopy(words, (i + 1) * wordsPerCode, words, i * wordsPerCode, tail * wordsPerCode);
        size--;
        oldestStale = true;
    }

    /** Drops every entry with event time {@code < cutoff}; returns how many. Keeps order. */
    public int evictOlderThan(long cutoff) {
        if (oldestTime() >= cutoff) {
            return 0; // the common case: nothing old enough, no scan
        }
        int kept = 0;
        int keptBytes = 0;
        int start = 0;
        for (int i = 0; i < size; i++) {
            int end = idEnds[i];
            if (times[i] >= cutoff) {
                if (kept != i) {
                    System.arraycopy(idBytes, start, idBytes, keptBytes, end - start);
                    times[kept] = times[i];
                    System.arraycopy(words, i * wordsPerCode, words, kept * wordsPerCode, wordsPerCode);
                }
                keptBytes += end - start;
                idEnds[kept] = keptBytes;
                kept++;
            }
            start = end;
        }
        int evicted = size - kept;
        size = kept;
        oldestStale = true;
        return evicted;
    }

    /** Smallest event time held, or {@code Long.MAX_VALUE} when empty. */
    public long oldestTime() {
        if (oldestStale) {
            long t = Long.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                t = Math.min(t, times[i]);
            }
            oldest = t;
            oldestStale = false;
        }
        return oldest;
    }

    public PostingList copy() {
        int n = Math.max(size, 1);
        return new PostingList(wordsPerCode, size, Arrays.copyOf(idBytes, Math.max(usedIdBytes(), 1)),
                Arrays.copyOf(idEnds, n), Arrays.copyOf(times, n), Arrays.copyOf(words, n * wordsPerCode));
    }

    private int idStart(int i) {
        return i == 0 ? 0 : idEnds[i - 1];
    }

    private int usedIdBytes() {
        return size == 0 ? 0 : idEnds[size - 1];
    }

    /** Appends {@code id}'s bytes at {@code at}, growing the array; returns the new end. */
    private int appendId(String id, int at) {
        int need = at + ModifiedUtf8.maxLength(id);
        if (need > idBytes.length) {
            idBytes = Arrays.copyOf(idBytes, Math.max(need, idBytes.length * 2));
        }
        return ModifiedUtf8.encodeInto(id, idBytes, at);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PostingList p) || p.wordsPerCode != wordsPerCode || p.size != size) {
            return false;
        }
        return Arrays.equals(idBytes, 0, usedIdBytes(), p.idBytes, 0, p.usedIdBytes())
                && Arrays.equals(idEnds, 0, size, p.idEnds, 0, size)
                && Arrays.equals(times, 0, size, p.times, 0, size)
                && Arrays.equals(words, 0, size * wordsPerCode, p.words, 0, size * wordsPerCode);
    }

    @Override
    public int hashCode() {
        int h = 31 * wordsPerCode + size;
        for (int i = 0; i < usedIdBytes(); i++) {
            h = 31 * h + idBytes[i];
        }
        for (int i = 0; i < size; i++) {
            h = 31 * h + Long.hashCode(times[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "PostingList[" + size + " entries]";
    }
}
