package io.hashstream.index;

/** One multi-index table's map from substring value to the first slot of its posting list. */
interface PostingHeads {
    /** The first slot of the list for {@code substring}, or -1 when no entry has it. */
    int get(long substring);

    void put(long substring, int slot);

    void remove(long substring);

    long memoryBytes();

    /**
     * A direct array when the substring space is small next to the expected entry count (no hashing,
     * one memory access, and smaller than a hash map that would hold most values anyway); otherwise
     * an open-addressing hash map.
     */
    static PostingHeads forSubstring(int substringBits, int expectedSize) {
        if (substringBits <= DirectHeads.MAX_BITS && (1L << substringBits) <= 4L * Math.max(expectedSize, 1024)) {
            return new DirectHeads(substringBits);
        }
        int distinct = (int) Math.min(Math.max(expectedSize, 16), 1L << Math.min(substringBits, 30));
        return new LongIntHashMap(distinct);
    }
}
