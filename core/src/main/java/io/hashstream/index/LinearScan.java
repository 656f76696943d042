package io.hashstream.index;

import io.hashstream.code.BinaryCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Exhaustive search over a {@link CodeStore}: one XOR + POPCNT per word per entry, with loops
 * specialised for one and two words per code (64- and 128-bit codes) so the JIT keeps the query in
 * registers and unrolls.
 */
final class LinearScan {
    private LinearScan() {}

    static List<Neighbor> radiusSearch(CodeStore store, BinaryCode query, int radius) {
        NeighborCollector hits = new NeighborCollector(16);
        switch (store.stride) {
            case 1 -> radius1(store, query.word(0), radius, hits);
            case 2 -> radius2(store, query.word(0), query.word(1), radius, hits);
            default -> radiusN(store, query, radius, hits);
        }
        return hits.sorted(store.bits, Integer.MAX_VALUE);
    }

    private static void radius1(CodeStore store, long q0, int radius, NeighborCollector hits) {
        long[] codes = store.codes;
        long[] ids = store.ids;
        int n = store.size;
        for (int i = 0; i < n; i++) {
            int d = Long.bitCount(codes[i] ^ q0);
            if (d <= radius) {
                hits.add(ids[i], d);
            }
        }
    }

    private static void radius2(CodeStore store, long q0, long q1, int radius, NeighborCollector hits) {
        long[] codes = store.codes;
        long[] ids = store.ids;
        int end = 2 * store.size;
        for (int j = 0; j < end; j += 2) { // stepping the word index scans faster than indexing 2*i
            int d = Long.bitCount(codes[j] ^ q0) + Long.bitCount(codes[j + 1] ^ q1);
            if (d <= radius) {
                hits.add(ids[j >>> 1], d);
            }
        }
    }

    private static void radiusN(CodeStore store, BinaryCode query, int radius, NeighborCollector hits) {
        long[] q = query.words();
        long[] codes = store.codes;
        long[] ids = store.ids;
        int stride = store.stride;
        int n = store.size;
        for (int i = 0, base = 0; i < n; i++, base += stride) {
            int d = 0;
            for (int w = 0; w < stride && d <= radius; w++) {
                d += Long.bitCount(codes[base + w] ^ q[w]);
            }
            if (d <= radius) {
                hits.add(ids[i], d);
            }
        }
    }

    static List<Neighbor> knn(CodeStore store, BinaryCode query, int k) {
        if (k <= 0 || store.size == 0) {
            return new ArrayList<>();
        }
        if (k >= store.size) {
            return radiusSearch(store, query, store.bits);
        }
        BoundedNeighborHeap heap = new BoundedNeighborHeap(k);
        long[] codes = store.codes;
        long[] ids = store.ids;
        int n = store.size;
        switch (store.stride) {
            case 1 -> {
                long q0 = query.word(0);
                for (int i = 0; i < n; i++) {
                    int d = Long.bitCount(codes[i] ^ q0);
                    if (d <= heap.worstDistance()) {
                        heap.offer(ids[i], d);
                    }
                }
            }
            case 2 -> {
                long q0 = query.word(0);
                long q1 = query.word(1);
                for (int j = 0; j < 2 * n; j += 2) {
                    int d = Long.bitCount(codes[j] ^ q0) + Long.bitCount(codes[j + 1] ^ q1);
                    if (d <= heap.worstDistance()) {
                        heap.offer(ids[j >>> 1], d);
                    }
                }
            }
            default -> {
                long[] q = query.words();
                int stride = store.stride;
                for (int i = 0, base = 0; i < n; i++, base += stride) {
                    int d = 0;
                    for (int w = 0; w < stride; w++) {
                        d += Long.bitCount(codes[base + w] ^ q[w]);
                    }
                    if (d <= heap.worstDistance()) {
                        heap.offer(ids[i], d);
                    }
                }
            }
        }
        return heap.sorted();
    }
}
