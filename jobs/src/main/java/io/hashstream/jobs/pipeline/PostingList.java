package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import io.hashstream.code.Hamming;
import java.util.Arrays;

/**
 * The postings of one index bucket in columnar primitive form: ids, event times, and the full codes
 * back to back in one {@code long[]} (no per-entry objects, so a bucket of n 64-bit entries costs
 * about n × (8 + 8 + id reference) bytes plus the id strings). Entries stay in insertion order,
 * which is event-time order because a bucket inserts in event-time order.
 *
 * <p>Mutable: the heap state backend hands the same instance back on every access, so updates are
 * in place; {@link #copy()} gives an independent copy for the serializer.
 */
public final class PostingList {
    private final int wordsPerCode;
    private int size;
    private String[] ids;
    private long[] times;
    private long[] words;

    public PostingList(int wordsPerCode) {
        this(wordsPerCode, 0, new String[4], new long[4], new long[4 * wordsPerCode]);
    }

    /** Wraps arrays whose first {@code size} entries are valid (used by the serializer). */
    public PostingList(int wordsPerCode, int size, String[] ids, long[] times, long[] words) {
        if (wordsPerCode < 1) {
            throw new IllegalArgumentException("wordsPerCode must be >= 1");
        }
        this.wordsPerCode = wordsPerCode;
        this.size = size;
        this.ids = ids;
        this.times = times;
        this.words = words;
    }

    public int size() {
        return size;
    }

    public int wordsPerCode() {
        return wordsPerCode;
    }

    public String id(int i) {
        return ids[i];
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
        if (size == ids.length) {
            int cap = Math.max(4, size * 2);
            ids = Arrays.copyOf(ids, cap);
            times = Arrays.copyOf(times, cap);
            words = Arrays.copyOf(words, cap * wordsPerCode);
        }
        ids[size] = id;
        times[size] = time;
        code.copyWordsTo(words, size * wordsPerCode);
        size++;
    }

    /** Index of the entry with this id, or -1. */
    public int indexOf(String id) {
        for (int i = 0; i < size; i++) {
            if (ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
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

    private void removeAt(int i) {
        int tail = size - i - 1;
        System.arraycopy(ids, i + 1, ids, i, tail);
        System.arraycopy(times, i + 1, times, i, tail);
        System.arraycopy(words, (i + 1) * wordsPerCode, words, i * wordsPerCode, tail * wordsPerCode);
        size--;
        ids[size] = null;
    }

    /** Drops every entry with event time {@code < cutoff}; returns how many. Keeps order. */
    public int evictOlderThan(long cutoff) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] >= cutoff) {
                if (kept != i) {
                    ids[kept] = ids[i];
                    times[kept] = times[i];
                    System.arraycopy(words, i * wordsPerCode, words, kept * wordsPerCode, wordsPerCode);
                }
                kept++;
            }
        }
        int evicted = size - kept;
        Arrays.fill(ids, kept, size, null);
        size = kept;
        return evicted;
    }

    /** Smallest event time held, or {@code Long.MAX_VALUE} when empty. */
    public long oldestTime() {
        long t = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            t = Math.min(t, times[i]);
        }
        return t;
    }

    public PostingList copy() {
        return new PostingList(wordsPerCode, size, Arrays.copyOf(ids, Math.max(size, 1)),
                Arrays.copyOf(times, Math.max(size, 1)), Arrays.copyOf(words, Math.max(size, 1) * wordsPerCode));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PostingList p) || p.wordsPerCode != wordsPerCode || p.size != size) {
            return false;
        }
        return Arrays.equals(ids, 0, size, p.ids, 0, size)
                && Arrays.equals(times, 0, size, p.times, 0, size)
                && Arrays.equals(words, 0, size * wordsPerCode, p.words, 0, size * wordsPerCode);
    }

    @Override
    public int hashCode() {
        int h = 31 * wordsPerCode + size;
        for (int i = 0; i < size; i++) {
            h = 31 * h + ids[i].hashCode();
            h = 31 * h + Long.hashCode(times[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "PostingList[" + size + " entries]";
    }
}
