package io.hashstream.jobs.pipeline;

import java.util.Arrays;

/** A {@link PagedArray} of longs, 8,192 (64 KiB) to a page. */
final class LongPages extends PagedArray<long[]> {
    private static final int SHIFT = 13;
    private static final int MASK = (1 << SHIFT) - 1;

    LongPages() {
        super(SHIFT);
    }

    LongPages(long length) {
        this();
        ensureCapacity(length);
    }

    long get(int i) {
        return ((long[]) pages[i >>> SHIFT])[i & MASK];
    }

    void set(int i, long value) {
        writablePage(i >>> SHIFT)[i & MASK] = value;
    }

    /** Bit {@code bit} of the array read as a bit set, 64 to an element. */
    boolean bit(long bit) {
        return (get((int) (bit >>> 6)) & (1L << bit)) != 0;
    }

    void setBit(long bit) {
        int i = (int) (bit >>> 6);
        set(i, get(i) | (1L << bit));
    }

    LongPages share() {
        LongPages copy = new LongPages();
        shareInto(copy);
        return copy;
    }

    @Override
    long[] newPage(int length) {
        return new long[length];
    }

    @Override
    long[] resize(long[] page, int length) {
        return Arrays.copyOf(page, length);
    }

    @Override
    long[] clonePage(long[] page) {
        return page.clone();
    }

    @Override
    int length(long[] page) {
        return page.length;
    }

    @Override
    int elementBytes() {
        return 8;
    }
}
