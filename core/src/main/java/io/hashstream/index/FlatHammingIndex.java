package io.hashstream.index;

import io.hashstream.code.BinaryCode;
import java.util.List;

/**
 * Exhaustive Hamming search over contiguous primitive arrays (ids, packed codes, an id -> slot table),
 * no per-entry objects. The correctness oracle for the other indices, and the fastest choice for
 * small indices or large radii. About 16 + 8·words bytes per entry plus the id table (4 bytes per
 * cell at load ≤ 0.75).
 */
public final class FlatHammingIndex implements HammingIndex {
    private final CodeStore store;

    public FlatHammingIndex(int bits) {
        this(bits, 16);
    }

    /** {@code expectedSize} pre-sizes the arrays so that building the index does not reallocate. */
    public FlatHammingIndex(int bits, int expectedSize) {
        this.store = new CodeStore(bits, expectedSize);
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
            store.overwrite(slot, code);
        } else {
            store.append(id, code);
        }
    }

    @Override
    public boolean remove(long id) {
        int slot = store.slotOf(id);
        if (slot < 0) {
            return false;
        }
        store.removeSlot(slot);
        return true;
    }

    @Override
    public List<Neighbor> radiusSearch(BinaryCode query, int radius) {
        store.checkCode(query);
        checkRadius(radius);
        return LinearScan.radiusSearch(store, query, radius);
    }

    @Override
    public List<Neighbor> knn(BinaryCode query, int k) {
        store.checkCode(query);
        checkK(k);
        return LinearScan.knn(store, query, k);
    }

    @Override
    public int size() {
        return store.size;
    }

    @Override
    public long memoryBytes() {
        return store.memoryBytes();
    }

    /** The stored code of {@code id}, or null. */
    public BinaryCode get(long id) {
        int slot = store.slotOf(id);
        return slot < 0 ? null : store.codeAt(slot);
    }

    static void checkRadius(int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + radius);
        }
    }

    static void checkK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
    }
}
