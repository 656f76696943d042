package io.hashstream.event;

import java.util.Objects;

/** One earlier image within the match radius: its id, Hamming distance and event time. */
public record Match(String id, int distance, long eventTime) {
    public Match {
        Objects.requireNonNull(id, "id");
        if (distance < 0) {
            throw new IllegalArgumentException("distance must be >= 0, got " + distance);
        }
    }
}
