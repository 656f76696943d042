package io.hashstream.jobs;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record exactly as it came off an input topic, before any parsing: the Kafka deserializer
 * produces these and the job's ingest step turns each into an event or a dead letter. The source
 * position (topic, partition, offset) identifies the input record, so every record can be
 * accounted for: one result, one dead letter, or (a delete that was applied) nothing. Java-serializable so bounded test sources
 * can carry records; on streams it uses {@link io.hashstream.jobs.serde.RawRecordSerializer}.
 *
 * @param key record key bytes, or {@code null}
 * @param value record value bytes, or {@code null} (a tombstone)
 * @param headers headers in record order (a name may repeat)
 * @param timestamp the Kafka record timestamp in epoch millis
 */
public record RawRecord(
        String topic, int partition, long offset, byte[] key, byte[] value, List<Header> headers, long timestamp)
        implements Serializable {

    public RawRecord {
        Objects.requireNonNull(topic, "topic");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** One Kafka header; the value may be {@code null}. */
    public record Header(String name, byte[] value) implements Serializable {
        public Header {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Header h && h.name.equals(name) && Arrays.equals(h.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + (value == null ? "null" : value.length + "B");
        }
    }

    /** The value of the last header with this name (Kafka's own lastHeader semantics). */
    public Optional<byte[]> lastHeader(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header h = headers.get(i);
            if (h.name().equals(name)) {
                return Optional.ofNullable(h.value());
            }
        }
        return Optional.empty();
    }

    /** {@code topic-partition@offset}: unique per input record. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && r.topic.equals(topic)
                && r.partition == partition
                && r.offset == offset
                && Arrays.equals(r.key, key)
                && Arrays.equals(r.value, value)
                && r.headers.equals(headers)
                && r.timestamp == timestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, Arrays.hashCode(key), Arrays.hashCode(value), headers, timestamp);
    }

    @Override
    public String toString() {
        return "RawRecord[" + position() + ", key=" + (key == null ? "null" : key.length + "B")
                + ", value=" + (value == null ? "null" : value.length + "B") + ", headers=" + headers
                + ", timestamp=" + timestamp + "]";
    }
}
