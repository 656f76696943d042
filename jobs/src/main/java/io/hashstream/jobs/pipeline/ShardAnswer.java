package io.hashstream.jobs.pipeline;

import io.hashstream.event.Match;
import java.util.List;
import java.util.Objects;

/** One bucket's answer to one probe: the earlier images it holds within the radius (maybe none). */
public record ShardAnswer(Probe probe, List<Match> candidates) {
    public ShardAnswer {
        Objects.requireNonNull(probe, "probe");
        candidates = List.copyOf(candidates);
    }
}
