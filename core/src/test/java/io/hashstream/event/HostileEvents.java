package io.hashstream.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A reproducible supply of malformed input records, each with the reject code the event layer must
 * give it: for tests that push thousands of bad events through the real job and check that every one
 * comes out as exactly one dead letter with the right reason. Cases cycle through every kind; the
 * content (ids, positions, sizes) varies with the seed. In the core test-jar for the jobs module.
 */
public final class HostileEvents {
    /** A JSON-mode Kafka value. */
    public record JsonCase(String kind, byte[] value, String expectedReason) {
    }

    /** A raw-mode Kafka record (null key/value allowed; headers by name). */
    public record RawCase(String kind, byte[] key, byte[] value, Map<String, byte[]> headers, String expectedReason) {
        public RawHeaders rawHeaders() {
            return RawHeaders.of(headers);
        }
    }

    private static final String GIF = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==";
    /** Values of at most this size travel through a Kafka topic with default limits (1 MiB). */
    private static final int KAFKA_DEFAULT_MAX = 1_000_000;

    private HostileEvents() {
    }

    /** {@code count} JSON-mode cases for {@code limits}; every kind appears once count reaches the kind count. */
    public static List<JsonCase> json(int count, long seed, EventLimits limits) {
        List<JsonKind> kinds = jsonKinds(limits);
        Random r = new Random(seed);
        List<JsonCase> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            JsonKind k = kinds.get(i % kinds.size());
            cases.add(new JsonCase(k.name, k.make.apply(r), k.reason.code()));
        }
        return cases;
    }

    /** {@code count} raw-mode cases for {@code limits}. */
    public static List<RawCase> raw(int count, long seed, EventLimits limits) {
        List<RawKind> kinds = rawKinds(limits);
        Random r = new Random(seed);
        List<RawCase> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RawKind k = kinds.get(i % kinds.size());
            RawCase made = k.make.apply(r);
            cases.add(new RawCase(k.name, made.key(), made.value(), made.headers(), k.reason.code()));
        }
        return cases;
    }

    private record JsonKind(String name, EventRejectReason reason, Function<Random, byte[]> make) {
    }

    private record RawKind(String name, EventRejectReason reason, Function<Random, RawCase> make) {
    }

    private static List<JsonKind> jsonKinds(EventLimits limits) {
        List<JsonKind> k = new ArrayList<>();
        k.add(new JsonKind("empty value", EventRejectReason.EMPTY, r -> new byte[0]));
        k.add(new JsonKind("truncated event", EventRejectReason.INVALID_JSON, r -> {
            byte[] full = utf8(event(r, "\"image\":\"" + GIF + "\""));
            return java.util.Arrays.copyOf(full, 1 + r.nextInt(full.length - 1));
        }));
        k.add(new JsonKind("image bytes on the JSON topic", EventRejectReason.INVALID_JSON, r -> {
            byte[] b = new byte[64 + r.nextInt(512)];
            r.nextBytes(b);
            b[0] = (byte) 0xFF; // a JPEG start: not UTF-8, not JSON
            b[1] = (byte) 0xD8;
            b[2] = (byte) 0xFF;
            return b;
        }));
        k.add(new JsonKind("not an object", EventRejectReason.NOT_OBJECT,
                r -> utf8(switch (r.nextInt(3)) {
                    case 0 -> "[" + event(r, "\"uri\":\"https://example.com/a.jpg\"") + "]";
                    case 1 -> "\"" + id(r) + "\"";
                    default -> Long.toString(r.nextLong());
                })));
        k.add(new JsonKind("unknown field", EventRejectReason.UNKNOWN_FIELD,
                r -> utf8(event(r, "\"uri\":\"https://example.com/a.jpg\",\"x" + letters(r, 1 + r.nextInt(10)) + "\":1"))));
        k.add(new JsonKind("duplicate id", EventRejectReason.DUPLICATE_FIELD,
                r -> utf8(event(r, "\"id\":\"" + id(r) + "\",\"uri\":\"https://example.com/a.jpg\""))));
        k.add(new JsonKind("id of the wrong type", EventRejectReason.WRONG_TYPE,
                r -> utf8("{\"id\":" + r.nextInt(1_000_000) + ",\"image\":\"" + GIF + "\"}")));
        k.add(new JsonKind("unknown type", EventRejectReason.UNKNOWN_TYPE,
                r -> utf8(event(r, "\"type\":\"" + letters(r, 3 + r.nextInt(6)) + "z\",\"image\":\"" + GIF + "\""))));
        k.add(new JsonKind("missing id", EventRejectReason.MISSING_ID,
                r -> utf8("{\"tenant\":\"acme\",\"image\":\"" + GIF + "\"}")));
        k.add(new JsonKind("oversize id", EventRejectReason.OVERSIZE_ID,
                r -> utf8("{\"id\":\"" + letters(r, limits.maxIdChars() + 1 + r.nextInt(2000)) + "\",\"image\":\"" + GIF
                        + "\"}")));
        k.add(new JsonKind("control character in id", EventRejectReason.BAD_ID,
                r -> utf8("{\"id\":\"" + id(r) + String.format("\\u%04x", r.nextInt(0x20)) + "\",\"image\":\"" + GIF
                        + "\"}")));
        k.add(new JsonKind("bad tenant", EventRejectReason.BAD_TENANT,
                r -> utf8("{\"id\":\"" + id(r) + "\",\"tenant\":\"" + (r.nextBoolean() ? "-" : "a b")
                        + letters(r, 3) + "\",\"image\":\"" + GIF + "\"}")));
        k.add(new JsonKind("negative event time", EventRejectReason.BAD_EVENT_TIME,
                r -> utf8("{\"id\":\"" + id(r) + "\",\"eventTime\":-" + (1 + r.nextInt(1_000_000)) + ",\"image\":\""
                        + GIF + "\"}")));
        k.add(new JsonKind("too many attributes", EventRejectReason.OVERSIZE_ATTRIBUTES, r -> {
            StringBuilder a = new StringBuilder();
            for (int i = 0; i <= limits.maxAttributes() + r.nextInt(20); i++) {
                a.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
            }
            return utf8(event(r, "\"image\":\"" + GIF + "\",\"attributes\":{" + a + "}"));
        }));
        k.add(new JsonKind("empty attribute key", EventRejectReason.BAD_ATTRIBUTE,
                r -> utf8(event(r, "\"image\":\"" + GIF + "\",\"attributes\":{\"\":\"" + letters(r, 4) + "\"}"))));
        k.add(new JsonKind("base64 with foreign characters", EventRejectReason.BAD_BASE64, r -> {
            byte[] img = new byte[30 + r.nextInt(300)];
            r.nextBytes(img);
            StringBuilder b64 = new StringBuilder(Base64.getEncoder().encodeToString(img));
            b64.setCharAt(r.nextInt(b64.length() - 2), "*!#$%&()[]~".charAt(r.nextInt(11)));
            return utf8(event(r, "\"image\":\"" + b64 + "\""));
        }));
        k.add(new JsonKind("uri with credentials", EventRejectReason.BAD_URI,
                r -> utf8(event(r, "\"uri\":\"https://user:" + letters(r, 8) + "@example.com/a.jpg\""))));
        k.add(new JsonKind("disallowed uri scheme", EventRejectReason.DISALLOWED_SCHEME,
                r -> utf8(event(r, "\"uri\":\"" + new String[] {"ftp://example.com/a.jpg", "gopher://127.0.0.1:6379/_",
                        "jar:file:///x.jar!/a.jpg", "data:image/gif;base64," + GIF, "javascript:alert(1)"}[r.nextInt(5)]
                        + "\""))));
        k.add(new JsonKind("both image and uri", EventRejectReason.BOTH_IMAGE_AND_URI,
                r -> utf8(event(r, "\"image\":\"" + GIF + "\",\"uri\":\"https://example.com/a.jpg\""))));
        k.add(new JsonKind("no image", EventRejectReason.NO_IMAGE, r -> utf8(event(r, "\"attributes\":{}"))));
        if (limits.maxEventBytes() < KAFKA_DEFAULT_MAX) {
            k.add(new JsonKind("value over the size limit", EventRejectReason.TOO_LARGE, r -> {
                String head = event(r, "\"uri\":\"https://example.com/a.jpg\",\"attributes\":{\"pad\":\"");
                String tail = "\"}}";
                int pad = limits.maxEventBytes() + 1 + r.nextInt(100) - head.length() - tail.length() + 1;
                return utf8(head.substring(0, head.length() - 1) + "x".repeat(Math.max(1, pad)) + tail);
            }));
        }
        return k;
    }

    private static List<RawKind> rawKinds(EventLimits limits) {
        List<RawKind> k = new ArrayList<>();
        k.add(new RawKind("no key", EventRejectReason.MISSING_ID, r -> raw(null, gif(), Map.of())));
        k.add(new RawKind("key not UTF-8", EventRejectReason.BAD_ID,
                r -> raw(new byte[] {'a', (byte) 0xC3, (byte) (0x28 + r.nextInt(8))}, gif(), Map.of())));
        k.add(new RawKind("oversize key", EventRejectReason.OVERSIZE_ID,
                r -> raw(utf8(letters(r, limits.maxIdChars() + 1 + r.nextInt(500))), gif(), Map.of())));
        k.add(new RawKind("bad tenant header", EventRejectReason.BAD_TENANT,
                r -> raw(utf8(id(r)), gif(), Map.of("tenant", utf8("../" + letters(r, 4))))));
        k.add(new RawKind("bad event-time header", EventRejectReason.BAD_EVENT_TIME,
                r -> raw(utf8(id(r)), gif(), Map.of("event-time", utf8(r.nextBoolean() ? "yesterday" : "-" + r.nextInt(99))))));
        k.add(new RawKind("value and uri header", EventRejectReason.BOTH_IMAGE_AND_URI,
                r -> raw(utf8(id(r)), gif(), Map.of("uri", utf8("https://example.com/a.jpg")))));
        k.add(new RawKind("tombstone", EventRejectReason.NO_IMAGE, r -> raw(utf8(id(r)), null, Map.of())));
        k.add(new RawKind("disallowed uri scheme header", EventRejectReason.DISALLOWED_SCHEME,
                r -> raw(utf8(id(r)), null, Map.of("uri", utf8("ftp://example.com/" + letters(r, 5))))));
        k.add(new RawKind("relative uri header", EventRejectReason.BAD_URI,
                r -> raw(utf8(id(r)), new byte[0], Map.of("uri", utf8("images/" + letters(r, 5) + ".jpg")))));
        k.add(new RawKind("unknown type header", EventRejectReason.UNKNOWN_TYPE,
                r -> raw(utf8(id(r)), gif(), Map.of("type", utf8("video" + letters(r, 2))))));
        k.add(new RawKind("delete with a value", EventRejectReason.UNKNOWN_FIELD,
                r -> raw(utf8(id(r)), gif(), Map.of("type", utf8("delete")))));
        k.add(new RawKind("header injection in content-type", EventRejectReason.BAD_ATTRIBUTE,
                r -> raw(utf8(id(r)), gif(), Map.of("content-type", utf8("image/jpeg\r\nX-" + letters(r, 4) + ": 1")))));
        if (limits.maxEventBytes() < KAFKA_DEFAULT_MAX) {
            k.add(new RawKind("value over the size limit", EventRejectReason.TOO_LARGE,
                    r -> raw(utf8(id(r)), new byte[limits.maxEventBytes() + 1 + r.nextInt(100)], Map.of())));
        }
        return k;
    }

    private static RawCase raw(byte[] key, byte[] value, Map<String, byte[]> headers) {
        return new RawCase("", key, value, new HashMap<>(headers), "");
    }

    /** A valid event prefix with a fresh id, completed by {@code rest}. */
    private static String event(Random r, String rest) {
        return "{\"id\":\"" + id(r) + "\",\"tenant\":\"t" + r.nextInt(5) + "\",\"eventTime\":"
                + (1_700_000_000_000L + r.nextInt(1_000_000)) + "," + rest + "}";
    }

    private static String id(Random r) {
        return "bad-" + Long.toHexString(r.nextLong() & Long.MAX_VALUE);
    }

    private static String letters(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    private static byte[] gif() {
        return Base64.getDecoder().decode(GIF);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
