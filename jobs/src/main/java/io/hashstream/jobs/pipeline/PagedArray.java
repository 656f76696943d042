package io.hashstream.jobs.pipeline;

/**
 * A growable primitive array held in fixed-size pages that copies share: {@link #shareInto} hands the
 * same pages to a second array and neither may write them again; a write to a page its array does
 * not own first replaces it with a private copy.
 *
 * <p>Why: the heap state backend copies a state value (the serializer's {@code copy}) the first time
 * the task touches it while a checkpoint still holds it. A shard's index is tens of megabytes, so a
 * deep copy stalls the task on every checkpoint; with shared pages the copy costs a page table, and
 * only pages written afterwards are copied, one at a time. Pages also stay below G1's humongous
 * threshold, so the heap does not round each column up to whole regions.
 *
 * <p>Only the last page may be shorter than a full page; it grows by doubling, so a small index does
 * not pay a whole page per column. Not thread-safe, but a shared page is never written, so an array
 * may be read (a snapshot being written) while its copy is changed.
 *
 * @param <P> the page type, a primitive array
 */
abstract class PagedArray<P> {
    private static final int FIRST_PAGE = 16;

    private final int pageShift;
    /** The pages, each a {@code P}; element i is in page {@code i >>> pageShift}. */
    protected Object[] pages = new Object[4];
    private int pageCount;
    /** Bit per page: this array made the page and no copy shares it, so it may be written in place. */
    private long[] owned = new long[1];
    private long capacity;
    private long bytes;

    PagedArray(int pageShift) {
        this.pageShift = pageShift;
    }

    abstract P newPage(int length);

    abstract P resize(P page, int length);

    abstract P clonePage(P page);

    abstract int length(P page);

    abstract int elementBytes();

    /** Elements the pages hold. */
    final long capacity() {
        return capacity;
    }

    /** Heap bytes of the pages and the page table (shared pages counted by every array holding them). */
    final long memoryBytes() {
        return bytes + 16 + 4L * pages.length + 16 + 8L * owned.length;
    }

    /** Grows to hold at least {@code length} elements (new elements are zero). */
    final void ensureCapacity(long length) {
        int full = 1 << pageShift;
        while (capacity < length) {
            if (pageCount > 0 && lastLength() < full) {
                P last = page(pageCount - 1);
                int grown = (int) Math.min(full, Math.max(2L * length(last), length - capacity + length(last)));
                replace(pageCount - 1, resize(last, grown));
            } else {
                int size = pageCount == 0 ? (int) Math.min(full, Math.max(FIRST_PAGE, length)) : full;
                if (pageCount == pages.length) {
                    pages = java.util.Arrays.copyOf(pages, pageCount * 2);
                }
                if ((pageCount >>> 6) == owned.length) {
                    owned = java.util.Arrays.copyOf(owned, owned.length * 2);
                }
                pageCount++;
                replace(pageCount - 1, newPage(size));
            }
        }
    }

    /** Makes {@code copy} (a new, empty array of the same kind) hold these pages; neither owns them after. */
    final void shareInto(PagedArray<P> copy) {
        java.util.Arrays.fill(owned, 0L);
        copy.pages = pages.clone();
        copy.pageCount = pageCount;
        copy.owned = new long[owned.length];
        copy.capacity = capacity;
        copy.bytes = bytes;
    }

    @SuppressWarnings("unchecked")
    final P page(int p) {
        return (P) pages[p];
    }

    /** Page {@code p}, made private to this array first if a copy shares it. */
    final P writablePage(int p) {
        if ((owned[p >>> 6] & (1L << p)) == 0) {
            P page = page(p);
            pages[p] = clonePage(page);
            owned[p >>> 6] |= 1L << p;
        }
        return page(p);
    }

    final int pageCount() {
        return pageCount;
    }

    private int lastLength() {
        return length(page(pageCount - 1));
    }

    private void replace(int p, P page) {
        if (pages[p] != null) {
            long old = length(page(p));
            capacity -= old;
            bytes -= 16 + old * elementBytes();
        }
        pages[p] = page;
        owned[p >>> 6] |= 1L << p;
        capacity += length(page);
        bytes += 16 + (long) length(page) * elementBytes();
    }
}
