package io.hashstream.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Accumulates (id, distance) hits in primitive arrays; sorts by distance then id at the end. */
final class NeighborCollector {
    private long[] ids;
    private int[] distances;
    private int size;

    NeighborCollector(int initialCapacity) {
        ids = new long[Math.max(initialCapacity, 8)];
        distances = new int[ids.length];
    }

    void add(long id, int distance) {
        if (size == ids.length) {
            int grown = size * 2;
            ids = Arrays.copyOf(ids, grown);
            distances = Arrays.copyOf(distances, grown);
        }
        ids[size] = id;
        distances[size] = distance;
        size++;
    }

    int size() {
        return size;
    }

    /** Number of hits collected at exactly {@code distance}. */
    int countAt(int distance) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (distances[i] == distance) {
                n++;
            }
        }
        return n;
    }

    /**
     * The first {@code limit} hits in (distance, id) order: a counting sort by distance (distances are
     * at most the code length), then ids sorted within each distance.
     */
    List<Neighbor> sorted(int maxDistance, int limit) {
        int[] start = new int[maxDistance + 2];
        for (int i = 0; i < size; i++) {
            start[distances[i] + 1]++;
        }
        for (int d = 0; d <= maxDistance; d++) {
            start[d + 1] += start[d];
        }
        long[] byDistance = new long[size];
        int[] next = Arrays.copyOf(start, maxDistance + 1);
        for (int i = 0; i < size; i++) {
            byDistance[next[distances[i]]++] = ids[i];
        }
        int n = Math.min(limit, size);
        List<Neighbor> out = new ArrayList<>(n);
        for (int d = 0; d <= maxDistance && out.size() < n; d++) {
            int from = start[d];
            int to = start[d + 1];
            Arrays.sort(byDistance, from, to);
            for (int i = from; i < to && out.size() < n; i++) {
                out.add(new Neighbor(byDistance[i], d));
            }
        }
        return out;
    }
}
