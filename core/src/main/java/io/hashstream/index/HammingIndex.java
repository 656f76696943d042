package io.hashstream.index;

import io.hashstream.code.BinaryCode;
import java.util.List;

/**
 * A mutable index of (id, code) entries searched by Hamming distance. All codes in one index have
 * the same length. Results are sorted by distance, then by id, so two implementations that agree
 * on the set of neighbours return identical lists.
 *
 * <p>Implementations are not thread-safe; a Flink subtask owns its index.
 */
public interface HammingIndex {

    /** Code length in bits. */
    int bits();

    /** Adds an entry. An id already present is replaced (its old code is removed first). */
    void add(long id, BinaryCode code);

    /** Removes the entry with this id; returns whether it was present. */
    boolean remove(long id);

    /** Every entry within Hamming distance {@code radius} (inclusive) of {@code query}. */
    List<Neighbor> radiusSearch(BinaryCode query, int radius);

    /** The {@code k} nearest entries (ties broken by id). */
    List<Neighbor> knn(BinaryCode query, int k);

    int size();

    /** Estimated bytes retained by the index's data structures. */
    long memoryBytes();
}
