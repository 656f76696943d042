package io.hashstream.index;

import io.hashstream.code.BinaryCode;
import java.util.Arrays;

/**
 * Entries in contiguous primitive arrays: slot i holds {@code ids[i]} and the code words
 * {@code codes[i*stride .. i*stride+stride-1]}; slots 0..size-1 are used, removal moves the last
 * entry into the hole. The id -> slot lookup is an open-addressing table of slot numbers (linear
 * probing, backward-shift deletion, no tombstones) whose keys are read from {@code ids}: storing the
 * id a second time would cost 8 bytes per entry.
 */
final class CodeStore {
    private static final int EMPTY = 0; // table cells hold slot + 1
    /** Keeps the slot table (≤ 2^30 cells) and the code array (≤ 2^31 longs) addressable by int. */
    private static final int MAX_SLOTS = 1 << 29;

    final int bits;
    final int stride;
    private final int maxCapacity;
    long[] ids;
    long[] codes;
    int size;

    private int[] table;
    private int tableMask;
    private int growAt;

    CodeStore(int bits, int initialCapacity) {
        BinaryCode.checkBits(bits);
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initial capacity must be >= 0, got " + initialCapacity);
        }
        this.bits = bits;
        this.stride = BinaryCode.wordsFor(bits);
        this.maxCapacity = Math.min(MAX_SLOTS, (Integer.MAX_VALUE - 16) / stride);
        if (initialCapacity > maxCapacity) {
            throw new IllegalArgumentException("initial capacity above " + maxCapacity + ": " + initialCapacity);
        }
        int capacity = Math.max(initialCapacity, 16);
        this.ids = new long[capacity];
        this.codes = new long[capacity * stride];
        allocateTable(tableSizeFor(capacity));
    }

    /** Current slot capacity (length of the per-slot arrays). */
    int capacity() {
        return ids.length;
    }

    void checkCode(BinaryCode code) {
        if (code.bits() != bits) {
            throw new IllegalArgumentException("code has " + code.bits() + " bits, index holds " + bits + "-bit codes");
        }
    }

    /** Slot of {@code id}, or -1. */
    int slotOf(long id) {
        int cell = findCell(id);
        return cell < 0 ? -1 : table[cell] - 1;
    }

    /** Appends an entry whose id is absent; returns its slot. */
    int append(long id, BinaryCode code) {
        if (size == ids.length) {
            growSlots();
        }
        if (size + 1 > growAt) {
            rehash(table.length * 2);
        }
        int slot = size++;
        ids[slot] = id;
        code.copyWordsTo(codes, slot * stride);
        int cell = hash(id) & tableMask;
        while (table[cell] != EMPTY) {
            cell = (cell + 1) & tableMask;
        }
        table[cell] = slot + 1;
        return slot;
    }

    void overwrite(int slot, BinaryCode code) {
        code.copyWordsTo(codes, slot * stride);
    }

    boolean sameCode(int slot, BinaryCode code) {
        int base = slot * stride;
        for (int w = 0; w < stride; w++) {
            if (codes[base + w] != code.word(w)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes the entry in {@code slot}. If another entry had to move into the hole, returns the slot
     * it came from (the former last slot); otherwise -1.
     */
    int removeSlot(int slot) {
        deleteCell(findCell(ids[slot]));
        int last = size - 1;
        size = last;
        if (slot == last) {
            return -1;
        }
        int movedCell = findCell(ids[last]);
        table[movedCell] = slot + 1;
        ids[slot] = ids[last];
        System.arraycopy(codes, last * stride, codes, slot * stride, stride);
        return last;
    }

    BinaryCode codeAt(int slot) {
        return BinaryCode.ofWords(bits, Arrays.copyOfRange(codes, slot * stride, slot * stride + stride));
    }

    /** Bytes held by the arrays (headers included), capacity not size: that is what is retained. */
    long memoryBytes() {
        return arrayBytes(ids.length, 8) + arrayBytes(codes.length, 8) + arrayBytes(table.length, 4);
    }

    static long arrayBytes(long length, int elementBytes) {
        return 16 + length * elementBytes;
    }

    private int findCell(long id) {
        int cell = hash(id) & tableMask;
        while (true) {
            int v = table[cell];
            if (v == EMPTY) {
                return -1;
            }
            if (ids[v - 1] == id) {
                return cell;
            }
            cell = (cell + 1) & tableMask;
        }
    }

    /** Backward-shift deletion: later cells of the same probe run move up so lookups never stop early. */
    private void deleteCell(int cell) {
        int gap = cell;
        int j = cell;
        while (true) {
            j = (j + 1) & tableMask;
            int v = table[j];
            if (v == EMPTY) {
                break;
            }
            int home = hash(ids[v - 1]) & tableMask;
            if (((j - home) & tableMask) >= ((j - gap) & tableMask)) {
                table[gap] = v;
                gap = j;
            }
        }
        table[gap] = EMPTY;
    }

    private void growSlots() {
        int capacity = ids.length;
        if (capacity >= maxCapacity) {
            throw new IllegalStateException("index full: " + capacity + " entries");
        }
        int grown = (int) Math.min(maxCapacity, capacity + (capacity >> 1) + 16L);
        ids = Arrays.copyOf(ids, grown);
        codes = Arrays.copyOf(codes, grown * stride);
    }

    private void rehash(int newLength) {
        allocateTable(newLength);
        for (int slot = 0; slot < size; slot++) {
            int cell = hash(ids[slot]) & tableMask;
            while (table[cell] != EMPTY) {
                cell = (cell + 1) & tableMask;
            }
            table[cell] = slot + 1;
        }
    }

    private void allocateTable(int length) {
        table = new int[length];
        tableMask = length - 1;
        growAt = (int) (length * 0.75);
    }

    /** Smallest power of two holding {@code entries} at load factor ≤ 0.75. */
    static int tableSizeFor(int entries) {
        long needed = (long) Math.ceil(entries / 0.75);
        int length = 16;
        while (length < needed) {
            length <<= 1;
        }
        return length;
    }

    /** MurmurHash3 fmix64: ids and substring values are far from uniform. */
    static int hash(long key) {
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        key ^= key >>> 33;
        return (int) key;
    }
}
