package io.hashstream.jobs.pipeline;

import java.util.Objects;

/** Where an input record came from; unique per record, so it keys the gather of that record's answers. */
public record EventRef(String topic, int partition, long offset) {
    public EventRef {
        Objects.requireNonNull(topic, "topic");
    }

    /** {@code topic-partition@offset}, the same form as {@link io.hashstream.jobs.RawRecord#position()}. */
    public String key() {
        return topic + "-" + partition + "@" + offset;
    }
}
