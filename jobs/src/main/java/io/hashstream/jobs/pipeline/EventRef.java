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

    /** The reference a {@link #key()} was made from (a topic may contain '-' and '@'; the numbers cannot). */
    public static EventRef fromKey(String key) {
        int at = key.lastIndexOf('@');
        int dash = at < 0 ? -1 : key.lastIndexOf('-', at);
        if (dash < 0) {
            throw new IllegalArgumentException("not an event reference key: " + key);
        }
        return new EventRef(key.substring(0, dash), Integer.parseInt(key.substring(dash + 1, at)),
                Long.parseLong(key.substring(at + 1)));
    }
}
