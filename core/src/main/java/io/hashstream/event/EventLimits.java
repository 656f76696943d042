package io.hashstream.event;

import java.io.Serializable;

/**
 * Size limits for untrusted input events. Everything an attacker controls is bounded by one of these,
 * so that a hostile event costs at most O(maxEventBytes) memory and time.
 *
 * @param maxEventBytes        largest Kafka value accepted (JSON document, or raw image bytes)
 * @param maxIdChars           longest id, in Unicode code points
 * @param maxAttributes        most attributes per event
 * @param maxAttributeKeyChars longest attribute key, in code points
 * @param maxAttributeBytes    most UTF-8 bytes of all attribute keys and values together
 * @param maxUriChars          longest URI, in characters (URIs are ASCII)
 * @param maxJsonDepth         deepest JSON nesting the parser accepts (an event needs 2)
 *
 * <p>Serializable so a Flink function can carry it; build the codecs from it in {@code open()}.
 */
public record EventLimits(
        int maxEventBytes,
        int maxIdChars,
        int maxAttributes,
        int maxAttributeKeyChars,
        int maxAttributeBytes,
        int maxUriChars,
        int maxJsonDepth) implements Serializable {

    public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_ID_CHARS = 256;
    public static final int DEFAULT_MAX_ATTRIBUTES = 64;
    public static final int DEFAULT_MAX_ATTRIBUTE_KEY_CHARS = 128;
    public static final int DEFAULT_MAX_ATTRIBUTE_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_URI_CHARS = 2048;
    public static final int DEFAULT_MAX_JSON_DEPTH = 8;

    public EventLimits {
        positive("maxEventBytes", maxEventBytes);
        positive("maxIdChars", maxIdChars);
        positive("maxAttributes", maxAttributes);
        positive("maxAttributeKeyChars", maxAttributeKeyChars);
        positive("maxAttributeBytes", maxAttributeBytes);
        positive("maxUriChars", maxUriChars);
        if (maxJsonDepth < 2) {
            throw new IllegalArgumentException("maxJsonDepth must be at least 2 (event object + attributes)");
        }
    }

    public static EventLimits defaults() {
        return new EventLimits(DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_ID_CHARS, DEFAULT_MAX_ATTRIBUTES,
                DEFAULT_MAX_ATTRIBUTE_KEY_CHARS, DEFAULT_MAX_ATTRIBUTE_BYTES, DEFAULT_MAX_URI_CHARS,
                DEFAULT_MAX_JSON_DEPTH);
    }

    public EventLimits withMaxEventBytes(int bytes) {
        return new EventLimits(bytes, maxIdChars, maxAttributes, maxAttributeKeyChars, maxAttributeBytes,
                maxUriChars, maxJsonDepth);
    }

    public EventLimits withMaxIdChars(int chars) {
        return new EventLimits(maxEventBytes, chars, maxAttributes, maxAttributeKeyChars, maxAttributeBytes,
                maxUriChars, maxJsonDepth);
    }

    public EventLimits withAttributeLimits(int count, int keyChars, int totalBytes) {
        return new EventLimits(maxEventBytes, maxIdChars, count, keyChars, totalBytes, maxUriChars, maxJsonDepth);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
