package io.hashstream.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The k smallest (distance, id) pairs seen so far: a binary max-heap in primitive arrays, so the
 * root is the current worst kept neighbour and most offers are rejected by one comparison.
 */
final class BoundedNeighborHeap {
    private final int k;
    private final int[] distances;
    private final long[] ids;
    private int size;

    BoundedNeighborHeap(int k) {
        this.k = k;
        this.distances = new int[k];
        this.ids = new long[k];
    }

    /** Distance an offer must not exceed to have a chance; MAX_VALUE until k entries are held. */
    int worstDistance() {
        return size < k ? Integer.MAX_VALUE : distances[0];
    }

    void offer(long id, int distance) {
        if (size < k) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!worse(distance, id, distances[parent], ids[parent])) {
                    break;
                }
                distances[i] = distances[parent];
                ids[i] = ids[parent];
                i = parent;
            }
            distances[i] = distance;
            ids[i] = id;
        } else if (worse(distances[0], ids[0], distance, id)) {
            siftDownFromRoot(distance, id);
        }
    }

    private void siftDownFromRoot(int distance, long id) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(distances[child + 1], ids[child + 1], distances[child], ids[child])) {
                child++;
            }
            if (!worse(distances[child], ids[child], distance, id)) {
                break;
            }
            distances[i] = distances[child];
            ids[i] = ids[child];
            i = child;
        }
        distances[i] = distance;
        ids[i] = id;
    }

    /** (d1, id1) sorts after (d2, id2). */
    private static boolean worse(int d1, long id1, int d2, long id2) {
        return d1 > d2 || (d1 == d2 && id1 > id2);
    }

    List<Neighbor> sorted() {
        Neighbor[] out = new Neighbor[size];
        for (int i = 0; i < size; i++) {
            out[i] = new Neighbor(ids[i], distances[i]);
        }
        Arrays.sort(out);
        return new ArrayList<>(Arrays.asList(out));
    }
}
