package io.hashstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.hashstream.event.EventRejectReason.BAD_BASE64;
import static io.hashstream.event.EventRejectReason.BAD_EVENT_TIME;
import static io.hashstream.event.EventRejectReason.BOTH_IMAGE_AND_URI;
import static io.hashstream.event.EventRejectReason.DUPLICATE_FIELD;
import static io.hashstream.event.EventRejectReason.EMPTY;
import static io.hashstream.event.EventRejectReason.INVALID_JSON;
import static io.hashstream.event.EventRejectReason.MISSING_ID;
import static io.hashstream.event.EventRejectReason.NOT_OBJECT;
import static io.hashstream.event.EventRejectReason.NO_IMAGE;
import static io.hashstream.event.EventRejectReason.TOO_LARGE;
import static io.hashstream.event.EventRejectReason.UNKNOWN_FIELD;
import static io.hashstream.event.EventRejectReason.UNKNOWN_TYPE;
import static io.hashstream.event.EventRejectReason.WRONG_TYPE;

/**
 * JSON wire format of the input topic ({@code src/schemas/input-event.schema.json}):
 * <pre>
 * {"type":"image","id":"a1","tenant":"acme","eventTime":1700000000000,"image":"&lt;base64&gt;","attributes":{"k":"v"}}
 * {"id":"a2","uri":"https://images.example.com/a2.jpg"}            (type defaults to "image")
 * {"type":"delete","id":"a1","tenant":"acme","eventTime":1700000005000}
 * </pre>
 * Parsing is strict, streaming and bounded by {@link EventLimits}: unknown or duplicate fields, wrong
 * JSON types and oversize values are refused with a specific {@link EventRejectReason}, and the parser
 * stops at the first problem. Instances are immutable and thread-safe; not Serializable (create one in
 * an operator's {@code open()}).
 */
public final class InputEventJson {
    private static final int EXCERPT_CHARS = 48;

    private final EventLimits limits;
    private final JsonFactory factory;

    public InputEventJson(EventLimits limits) {
        this.limits = limits;
        this.factory = EventJsonFactory.forLimits(limits);
    }

    public static InputEventJson withDefaults() {
        return new InputEventJson(EventLimits.defaults());
    }

    public EventLimits limits() {
        return limits;
    }

    /**
     * Parses one Kafka value.
     *
     * @param fallbackEventTime event time used when the JSON has no {@code eventTime} (pass the Kafka
     *                          record timestamp; a negative value means there is none)
     */
    public InputEvent parse(byte[] value, long fallbackEventTime) throws EventParseException {
        if (value == null || value.length == 0) {
            throw new EventParseException(EMPTY, value == null ? "value is null" : "value is empty");
        }
        if (value.length > limits.maxEventBytes()) {
            throw new EventParseException(TOO_LARGE, "value has " + value.length + " bytes, more than the limit of "
                    + limits.maxEventBytes());
        }
        int malformed = Utf8.firstMalformed(value);
        if (malformed >= 0) {
            throw new EventParseException(INVALID_JSON, "not valid UTF-8 at byte " + malformed);
        }
        for (int i = 0; i < value.length; i++) {
            // Never in UTF-8 JSON text; it is what makes the JSON parser take the bytes for UTF-16 or UTF-32.
            if (value[i] == 0) {
                throw new EventParseException(INVALID_JSON, "NUL byte at " + i + ": the value must be UTF-8 JSON");
            }
        }
        int badEscape = firstBadUnicodeEscape(value);
        if (badEscape >= 0) {
            throw new EventParseException(INVALID_JSON, "\\u escape without four hex digits at byte " + badEscape);
        }
        Fields fields = new Fields(limits);
        try (JsonParser p = factory.createParser(value)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new EventParseException(NOT_OBJECT, "an event must be a JSON object, got " + describe(first));
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                fields.read(p.currentName(), p);
            }
            if (t != JsonToken.END_OBJECT) {
                throw new EventParseException(INVALID_JSON, "unexpected " + describe(t));
            }
            if (p.nextToken() != null) {
                throw new EventParseException(INVALID_JSON, "trailing content after the event object");
            }
            return fields.build(fallbackEventTime);
        } catch (EventParseException e) {
            throw e.withKnown(fields.id, fields.tenant);
        } catch (StreamConstraintsException e) {
            throw new EventParseException(TOO_LARGE, e.getOriginalMessage()).withKnown(fields.id, fields.tenant);
        } catch (JsonProcessingException e) {
            throw new EventParseException(INVALID_JSON, e.getOriginalMessage()).withKnown(fields.id, fields.tenant);
        } catch (IOException e) {
            // reading from a byte[] does no I/O; anything here is a malformed document
            throw new EventParseException(INVALID_JSON, String.valueOf(e.getMessage()), e);
        }
    }

    /** Serializes an event in the canonical form (fields in schema order, type always present). */
    public byte[] write(InputEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimateSize(event));
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            if (event instanceof ImageEvent image) {
                g.writeStringField("type", "image");
                writeCommon(g, event);
                if (image.image() != null) {
                    g.writeFieldName("image");
                    g.writeBinary(image.image());
                } else {
                    g.writeStringField("uri", image.uri());
                }
                if (!image.attributes().isEmpty()) {
                    g.writeObjectFieldStart("attributes");
                    for (Map.Entry<String, String> a : image.attributes().entrySet()) {
                        g.writeStringField(a.getKey(), a.getValue());
                    }
                    g.writeEndObject();
                }
            } else {
                g.writeStringField("type", "delete");
                writeCommon(g, event);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeCommon(JsonGenerator g, InputEvent e) throws IOException {
        g.writeStringField("id", e.id());
        g.writeStringField("tenant", e.tenant());
        g.writeNumberField("eventTime", e.eventTime());
    }

    private static int estimateSize(InputEvent e) {
        if (e instanceof ImageEvent i && i.image() != null) {
            return 256 + i.image().length / 3 * 4 + 4;
        }
        return 256;
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    /** Field values as they are read; each is validated immediately so parsing stops at the first fault. */
    private static final class Fields {
        private final EventLimits limits;
        private String type;
        private String id;
        private String tenant;
        private Long eventTime;
        private byte[] image;
        private String uri;
        private Map<String, String> attributes;
        private final Set<String> seen = new HashSet<>(8);

        Fields(EventLimits limits) {
            this.limits = limits;
        }

        void read(String name, JsonParser p) throws IOException, EventParseException {
            JsonToken v = p.nextToken();
            switch (name) {
                case "type", "id", "tenant", "eventTime", "image", "uri", "attributes" -> {
                    if (!seen.add(name)) {
                        throw new EventParseException(DUPLICATE_FIELD, "field \"" + name + "\" appears twice");
                    }
                }
                default -> throw new EventParseException(UNKNOWN_FIELD, "unknown field "
                        + TextBounds.excerpt(name, EXCERPT_CHARS));
            }
            switch (name) {
                case "type" -> type = string(name, v, p);
                case "id" -> id = EventFields.checkId(string(name, v, p), limits);
                case "tenant" -> tenant = EventFields.checkTenant(string(name, v, p));
                case "eventTime" -> eventTime = EventFields.checkEventTime(integer(name, v, p));
                case "image" -> image = base64(name, v, p);
                case "uri" -> uri = EventFields.checkUri(string(name, v, p), limits);
                case "attributes" -> attributes = attributes(name, v, p);
                default -> throw new IllegalStateException(name);
            }
        }

        InputEvent build(long fallbackEventTime) throws EventParseException {
            if (id == null) {
                throw new EventParseException(MISSING_ID, "field \"id\" is missing");
            }
            String t = tenant != null ? tenant : InputEvent.DEFAULT_TENANT;
            long time;
            if (eventTime != null) {
                time = eventTime;
            } else if (fallbackEventTime >= 0) {
                time = EventFields.checkEventTime(fallbackEventTime);
            } else {
                throw new EventParseException(BAD_EVENT_TIME, "no eventTime field and no record timestamp");
            }
            String kind = type == null ? "image" : type;
            switch (kind) {
                case "image" -> {
                    if (image != null && uri != null) {
                        throw new EventParseException(BOTH_IMAGE_AND_URI, "an image event has either \"image\" or"
                                + " \"uri\", not both");
                    }
                    if (image == null && uri == null) {
                        throw new EventParseException(NO_IMAGE, "an image event needs \"image\" (base64) or \"uri\"");
                    }
                    return new ImageEvent(id, t, time, image, uri, attributes);
                }
                case "delete" -> {
                    for (String imageOnly : new String[] {"image", "uri", "attributes"}) {
                        if (seen.contains(imageOnly)) {
                            throw new EventParseException(UNKNOWN_FIELD, "field \"" + imageOnly
                                    + "\" is not part of a delete event");
                        }
                    }
                    return new DeleteEvent(id, t, time);
                }
                default -> throw new EventParseException(UNKNOWN_TYPE, "unknown event type "
                        + TextBounds.excerpt(kind, EXCERPT_CHARS) + " (expected \"image\" or \"delete\")");
            }
        }

        private static String string(String name, JsonToken v, JsonParser p) throws IOException, EventParseException {
            if (v != JsonToken.VALUE_STRING) {
                throw wrongType(name, "a string", v);
            }
            return p.getText();
        }

        private static long integer(String name, JsonToken v, JsonParser p) throws IOException, EventParseException {
            if (v != JsonToken.VALUE_NUMBER_INT) {
                throw wrongType(name, "an integer", v);
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new EventParseException(BAD_EVENT_TIME, "field \"" + name + "\" is out of range");
            }
            return p.getLongValue();
        }

        private static byte[] base64(String name, JsonToken v, JsonParser p) throws IOException, EventParseException {
            if (v != JsonToken.VALUE_STRING) {
                throw wrongType(name, "a base64 string", v);
            }
            // decode from the parser's char buffer: no String copy of a multi-megabyte payload
            try {
                return StrictBase64.decode(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            } catch (StrictBase64.InvalidBase64Exception e) {
                throw new EventParseException(BAD_BASE64, "field \"" + name + "\": " + e.getMessage());
            }
        }

        private Map<String, String> attributes(String name, JsonToken v, JsonParser p)
                throws IOException, EventParseException {
            if (v != JsonToken.START_OBJECT) {
                throw wrongType(name, "an object of strings", v);
            }
            EventFields.AttributeBudget budget = new EventFields.AttributeBudget(limits);
            Map<String, String> result = new HashMap<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    throw wrongType("attributes." + TextBounds.truncate(key, EXCERPT_CHARS), "a string", value);
                }
                String text = p.getText();
                budget.add(key, text);
                if (result.putIfAbsent(key, text) != null) {
                    throw new EventParseException(DUPLICATE_FIELD, "attribute "
                            + TextBounds.excerpt(key, EXCERPT_CHARS) + " appears twice");
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new EventParseException(INVALID_JSON, "unexpected " + describe(t) + " in attributes");
            }
            return result;
        }

        private static EventParseException wrongType(String name, String expected, JsonToken got) {
            return new EventParseException(WRONG_TYPE, "field " + TextBounds.excerpt(name, EXCERPT_CHARS + 12)
                    + " must be " + expected + ", got " + describe(got));
        }
    }

    /**
     * Index of the first {@code \\u} escape not followed by four ASCII hex digits, or -1. Jackson 2.19
     * takes a non-ASCII byte as a hex digit in the second escape of a surrogate pair (found by
     * {@code InputEventMutationTest}), where the JSON grammar and the schema validator refuse it. A
     * backslash outside a string is invalid JSON anyway, so escapes are checked wherever they stand.
     */
    static int firstBadUnicodeEscape(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\\') {
                continue;
            }
            if (i + 1 < b.length && b[i + 1] == 'u') {
                for (int k = i + 2; k < i + 6; k++) {
                    if (k >= b.length || Character.digit(b[k], 16) < 0) {
                        return i;
                    }
                }
            }
            i++; // the escaped character, so that an escaped backslash is not read as the start of an escape
        }
        return -1;
    }
}
