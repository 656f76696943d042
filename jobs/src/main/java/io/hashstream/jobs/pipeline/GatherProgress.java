package io.hashstream.jobs.pipeline;

import io.hashstream.event.Match;
import java.util.List;
import java.util.Objects;

/** The gather's state for one image: how many shard answers arrived, and their candidates so far. */
public record GatherProgress(Probe probe, int received, List<Match> candidates) {
    public GatherProgress {
        Objects.requireNonNull(probe, "probe");
        candidates = List.copyOf(candidates);
    }
}
