package io.hashstream.index;

/** Posting-list heads indexed directly by substring value (slot + 1; 0 = empty list). */
final class DirectHeads implements PostingHeads {
    static final int MAX_BITS = 24;

    private final int[] heads;

    DirectHeads(int substringBits) {
        if (substringBits > MAX_BITS) {
            throw new IllegalArgumentException("direct table limited to " + MAX_BITS + " bits, got " + substringBits);
        }
        heads = new int[1 << substringBits];
    }

    @Override
    public int get(long substring) {
        return heads[(int) substring] - 1;
    }

    @Override
    public void put(long substring, int slot) {
        heads[(int) substring] = slot + 1;
    }

    @Override
    public void remove(long substring) {
        heads[(int) substring] = 0;
    }

    @Override
    public long memoryBytes() {
        return CodeStore.arrayBytes(heads.length, 4);
    }
}
