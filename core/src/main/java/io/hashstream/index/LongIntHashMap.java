package io.hashstream.index;

/**
 * Open-addressing map from long keys to non-negative ints (linear probing, backward-shift deletion,
 * power-of-two capacity, load ≤ 0.75). Values are stored plus one so that 0 marks an empty cell and
 * a fresh array is an empty map. No boxing, no per-entry objects.
 */
final class LongIntHashMap implements PostingHeads {
    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private int growAt;

    LongIntHashMap(int expectedSize) {
        allocate(CodeStore.tableSizeFor(Math.max(expectedSize, 4)));
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or -1. */
    @Override
    public int get(long key) {
        int cell = CodeStore.hash(key) & mask;
        while (true) {
            int v = values[cell];
            if (v == 0) {
                return -1;
            }
            if (keys[cell] == key) {
                return v - 1;
            }
            cell = (cell + 1) & mask;
        }
    }

    @Override
    public void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be >= 0, got " + value);
        }
        int cell = CodeStore.hash(key) & mask;
        while (values[cell] != 0) {
            if (keys[cell] == key) {
                values[cell] = value + 1;
                return;
            }
            cell = (cell + 1) & mask;
        }
        keys[cell] = key;
        values[cell] = value + 1;
        if (++size > growAt) {
            rehash(values.length * 2);
        }
    }

    /** Removes {@code key}. */
    @Override
    public void remove(long key) {
        removeKey(key);
    }

    /** Removes {@code key}; returns whether it was present. */
    boolean removeKey(long key) {
        int cell = CodeStore.hash(key) & mask;
        while (true) {
            if (values[cell] == 0) {
                return false;
            }
            if (keys[cell] == key) {
                break;
            }
            cell = (cell + 1) & mask;
        }
        int gap = cell;
        int j = cell;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == 0) {
                break;
            }
            int home = CodeStore.hash(keys[j]) & mask;
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                values[gap] = values[j];
                gap = j;
            }
        }
        values[gap] = 0;
        size--;
        return true;
    }

    @Override
    public long memoryBytes() {
        return CodeStore.arrayBytes(keys.length, 8) + CodeStore.arrayBytes(values.length, 4);
    }

    private void rehash(int length) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(length);
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != 0) {
                int cell = CodeStore.hash(oldKeys[i]) & mask;
                while (values[cell] != 0) {
                    cell = (cell + 1) & mask;
                }
                keys[cell] = oldKeys[i];
                values[cell] = oldValues[i];
            }
        }
    }

    private void allocate(int length) {
        if (length > (1 << 30)) {
            throw new IllegalStateException("hash map too large: " + length + " cells");
        }
        keys = new long[length];
        values = new int[length];
        mask = length - 1;
        growAt = (int) (length * 0.75);
    }
}
