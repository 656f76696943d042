package io.hashstream.index;

/** One search hit: an entry id and its Hamming distance to the query. */
public record Neighbor(long id, int distance) implements Comparable<Neighbor> {
    @Override
    public int compareTo(Neighbor o) {
        int c = Integer.compare(distance, o.distance);
        return c != 0 ? c : Long.compare(id, o.id);
    }
}
