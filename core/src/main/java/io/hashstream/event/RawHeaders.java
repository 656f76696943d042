package io.hashstream.event;

import java.util.Map;

/**
 * Read access to a record's headers without depending on Kafka: the last value of a header, or null.
 * With kafka-clients:
 * {@code name -> { Header h = record.headers().lastHeader(name); return h == null ? null : h.value(); }}.
 */
@FunctionalInterface
public interface RawHeaders {
    RawHeaders NONE = name -> null;

    /** The value of the last header called {@code name}, or null when there is none. */
    byte[] lastValue(String name);

    static RawHeaders of(Map<String, byte[]> headers) {
        return headers::get;
    }
}
