package io.hashstream.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.hashstream.event.EventRejectReason.BAD_ATTRIBUTE;
import static io.hashstream.event.EventRejectReason.BAD_EVENT_TIME;
import static io.hashstream.event.EventRejectReason.BAD_ID;
import static io.hashstream.event.EventRejectReason.BAD_TENANT;
import static io.hashstream.event.EventRejectReason.BAD_URI;
import static io.hashstream.event.EventRejectReason.BOTH_IMAGE_AND_URI;
import static io.hashstream.event.EventRejectReason.MISSING_ID;
import static io.hashstream.event.EventRejectReason.NO_IMAGE;
import static io.hashstream.event.EventRejectReason.OVERSIZE_ID;
import static io.hashstream.event.EventRejectReason.TOO_LARGE;
import static io.hashstream.event.EventRejectReason.UNKNOWN_FIELD;
import static io.hashstream.event.EventRejectReason.UNKNOWN_TYPE;

/**
 * Raw mode of the input topic: the Kafka value is the image file itself, so
 * {@code kcat -P -t images -k id1 -H tenant=acme img.jpg} just works.
 * <ul>
 *   <li>key: the image id (UTF-8), required;</li>
 *   <li>header {@code type}: {@code image} (default) or {@code delete}; a delete has a null or empty
 *       value and no {@code uri} header;</li>
 *   <li>header {@code tenant}: tenant (default {@code default});</li>
 *   <li>header {@code event-time}: epoch milliseconds as decimal text; absent → the record timestamp;</li>
 *   <li>header {@code uri}: load the image from this URI instead; the value must then be null or empty;</li>
 *   <li>header {@code content-type}: kept as attribute {@code content-type} (a hint only; the decoder
 *       sniffs the real format).</li>
 * </ul>
 * Other headers are ignored (brokers and clients add their own). A zero-length value without a
 * {@code uri} header is passed on as an empty image, which the image decoder refuses with its own
 * reason; a null value (tombstone) without {@code uri} is {@link EventRejectReason#NO_IMAGE}: a
 * delete must say so with {@code type: delete}, so that compaction tooling cannot delete by accident.
 */
public final class RawEventDecoder {
    public static final String HEADER_TYPE = "type";
    public static final String HEADER_TENANT = "tenant";
    public static final String HEADER_EVENT_TIME = "event-time";
    public static final String HEADER_URI = "uri";
    public static final String HEADER_CONTENT_TYPE = "content-type";
    /** Attribute under which the {@code content-type} header is kept. */
    public static final String ATTRIBUTE_CONTENT_TYPE = "content-type";

    private static final int MAX_CONTENT_TYPE_CHARS = 128;
    /** "9999-12-31T23:59:59.999Z" in epoch millis has 15 digits; allow a little slack for leading zeros. */
    private static final int MAX_EVENT_TIME_DIGITS = 19;

    private final EventLimits limits;

    public RawEventDecoder(EventLimits limits) {
        this.limits = limits;
    }

    public static RawEventDecoder withDefaults() {
        return new RawEventDecoder(EventLimits.defaults());
    }

    /**
     * @param key             record key (the id), may be null
     * @param value           record value (image bytes), may be null
     * @param headers         record headers
     * @param recordTimestamp the record's timestamp, epoch millis; negative when it has none
     */
    public InputEvent decode(byte[] key, byte[] value, RawHeaders headers, long recordTimestamp)
            throws EventParseException {
        String id = id(key);
        String tenant = null;
        try {
            tenant = tenant(headers.lastValue(HEADER_TENANT));
            long eventTime = eventTime(headers.lastValue(HEADER_EVENT_TIME), recordTimestamp);
            if (isDelete(headers.lastValue(HEADER_TYPE))) {
                if (value != null && value.length > 0) {
                    throw new EventParseException(UNKNOWN_FIELD, "a raw delete must have an empty value, got "
                            + value.length + " bytes");
                }
                if (headers.lastValue(HEADER_URI) != null) {
                    throw new EventParseException(UNKNOWN_FIELD, "a raw delete has no \"uri\" header");
                }
                return new DeleteEvent(id, tenant, eventTime);
            }
            if (value != null && value.length > limits.maxEventBytes()) {
                throw new EventParseException(TOO_LARGE, "value has " + value.length
                        + " bytes, more than the limit of " + limits.maxEventBytes());
            }
            byte[] uriHeader = headers.lastValue(HEADER_URI);
            Map<String, String> attributes = contentType(headers.lastValue(HEADER_CONTENT_TYPE));
            if (uriHeader != null) {
                if (value != null && value.length > 0) {
                    throw new EventParseException(BOTH_IMAGE_AND_URI, "a raw event with a \"uri\" header must have"
                            + " an empty value, got " + value.length + " bytes");
                }
                String uri = EventFields.checkUri(strictUtf8(uriHeader, BAD_URI, "uri header"), limits);
                return ImageEvent.ofUri(id, tenant, eventTime, uri, attributes);
            }
            if (value == null) {
                throw new EventParseException(NO_IMAGE, "null value (tombstone) and no \"uri\" header");
            }
            return ImageEvent.inline(id, tenant, eventTime, value, attributes);
        } catch (EventParseException e) {
            throw e.withKnown(id, tenant);
        }
    }

    private static boolean isDelete(byte[] type) throws EventParseException {
        if (type == null) {
            return false;
        }
        String t = new String(type, StandardCharsets.ISO_8859_1); // any bytes map to chars; compared exactly
        return switch (t) {
            case "image" -> false;
            case "delete" -> true;
            default -> throw new EventParseException(UNKNOWN_TYPE, "unknown type header "
                    + TextBounds.excerpt(t, 32) + " (expected \"image\" or \"delete\")");
        };
    }

    private String id(byte[] key) throws EventParseException {
        if (key == null || key.length == 0) {
            throw new EventParseException(MISSING_ID, key == null ? "record has no key (the key is the image id)"
                    : "record key is empty (the key is the image id)");
        }
        // 4 UTF-8 bytes per code point at most: anything longer is over the limit without decoding
        if ((long) key.length > 4L * limits.maxIdChars()) {
            throw new EventParseException(OVERSIZE_ID, "key has " + key.length + " bytes, more than "
                    + limits.maxIdChars() + " characters can take");
        }
        return EventFields.checkId(strictUtf8(key, BAD_ID, "key"), limits);
    }

    private static String tenant(byte[] header) throws EventParseException {
        if (header == null) {
            return InputEvent.DEFAULT_TENANT;
        }
        if (header.length > EventFields.MAX_TENANT_CHARS) {
            throw new EventParseException(BAD_TENANT, "tenant header longer than " + EventFields.MAX_TENANT_CHARS
                    + " bytes");
        }
        return EventFields.checkTenant(strictUtf8(header, BAD_TENANT, "tenant header"));
    }

    private static long eventTime(byte[] header, long recordTimestamp) throws EventParseException {
        if (header == null) {
            if (recordTimestamp < 0) {
                throw new EventParseException(BAD_EVENT_TIME, "no event-time header and no record timestamp");
            }
            return EventFields.checkEventTime(recordTimestamp);
        }
        if (header.length == 0 || header.length > MAX_EVENT_TIME_DIGITS) {
            throw new EventParseException(BAD_EVENT_TIME, "event-time header must be 1.." + MAX_EVENT_TIME_DIGITS
                    + " decimal digits (epoch milliseconds)");
        }
        long t = 0;
        for (byte b : header) {
            if (b < '0' || b > '9') {
                throw new EventParseException(BAD_EVENT_TIME, "event-time header must be decimal digits"
                        + " (epoch milliseconds)");
            }
            t = t * 10 + (b - '0'); // at most 19 digits: cannot overflow past a value checkEventTime refuses
            if (t > EventFields.MAX_EVENT_TIME) {
                break;
            }
        }
        return EventFields.checkEventTime(t);
    }

    private static Map<String, String> contentType(byte[] header) throws EventParseException {
        if (header == null) {
            return Map.of();
        }
        if (header.length == 0 || header.length > MAX_CONTENT_TYPE_CHARS) {
            throw new EventParseException(BAD_ATTRIBUTE, "content-type header must be 1.." + MAX_CONTENT_TYPE_CHARS
                    + " bytes");
        }
        for (byte b : header) {
            if (b < 0x20 || b > 0x7e) {
                throw new EventParseException(BAD_ATTRIBUTE, "content-type header must be printable ASCII");
            }
        }
        return Map.of(ATTRIBUTE_CONTENT_TYPE, new String(header, StandardCharsets.US_ASCII));
    }

    private static String strictUtf8(byte[] bytes, EventRejectReason reason, String what) throws EventParseException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EventParseException(reason, what + " is not valid UTF-8");
        }
    }
}
