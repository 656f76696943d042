package io.hashstream.jobs.pipeline;

import java.util.Arrays;

/** A {@link PagedArray} of ints, 16,384 (64 KiB) to a page. */
final class IntPages extends PagedArray<int[]> {
    private static final int SHIFT = 14;
    private static final int MASK = (1 << SHIFT) - 1;

    IntPages() {
        super(SHIFT);
    }

    IntPages(long length) {
        this();
        ensureCapacity(length);
    }

    int get(int i) {
        return ((int[]) pages[i >>> SHIFT])[i & MASK];
    }

    void set(int i, int value) {
        writablePage(i >>> SHIFT)[i & MASK] = value;
    }

    IntPages share() {
        IntPages copy = new IntPages();
        shareInto(copy);
        return copy;
    }

    @Override
    int[] newPage(int length) {
        return new int[length];
    }

    @Override
    int[] resize(int[] page, int length) {
        return Arrays.copyOf(page, length);
    }

    @Override
    int[] clonePage(int[] page) {
        return page.clone();
    }

    @Override
    int length(int[] page) {
        return page.length;
    }

    @Override
    int elementBytes() {
        return 4;
    }
}
