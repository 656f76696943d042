package io.hashstream.jobs.pipeline;

import java.util.Arrays;

/**
 * A {@link PagedArray} of bytes, 65,536 to a page. Runs of bytes are written and read whole within one
 * page (see {@link #fitStart}), so callers work on the page arrays directly.
 */
final class BytePages extends PagedArray<byte[]> {
    static final int PAGE = 1 << 16;
    private static final byte[] NONE = new byte[0];

    BytePages() {
        super(16);
    }

    /**
     * Where a run of {@code length} bytes wanted at {@code at} goes so that it lies within one page:
     * {@code at}, or the start of the next page.
     */
    static long fitStart(long at, int length) {
        if (length > PAGE) {
            throw new IllegalArgumentException("a run of " + length + " bytes is longer than a page");
        }
        long pageEnd = (at | (PAGE - 1)) + 1;
        return at + length <= pageEnd ? at : pageEnd;
    }

    /** Start of the run that ends at {@code end}, given where the run before it ended. */
    static long runStart(long previousEnd, long end) {
        return end == previousEnd ? end : Math.max(previousEnd, (end - 1) & -PAGE);
    }

    /** Copies {@code length} bytes of {@code from} to position {@code at} (within one page). */
    void write(long at, byte[] from, int length) {
        if (length == 0) {
            return; // an empty run may sit past the last page
        }
        System.arraycopy(from, 0, writablePage((int) (at >>> 16)), (int) at & (PAGE - 1), length);
    }

    /** The page holding position {@code at}; an empty one past the last page (where an empty run may sit). */
    byte[] pageOf(long at) {
        int p = (int) (at >>> 16);
        return p < pageCount() ? page(p) : NONE;
    }

    static int offset(long at) {
        return (int) at & (PAGE - 1);
    }

    BytePages share() {
        BytePages copy = new BytePages();
        shareInto(copy);
        return copy;
    }

    @Override
    byte[] newPage(int length) {
        return new byte[length];
    }

    @Override
    byte[] resize(byte[] page, int length) {
        return Arrays.copyOf(page, length);
    }

    @Override
    byte[] clonePage(byte[] page) {
        return page.clone();
    }

    @Override
    int length(byte[] page) {
        return page.length;
    }

    @Override
    int elementBytes() {
        return 1;
    }
}
