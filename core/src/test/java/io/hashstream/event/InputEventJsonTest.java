package io.hashstream.event;

import io.hashstream.testing.JsonSchemas;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import static io.hashstream.event.EventRejectReason.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class InputEventJsonTest {
    private static final long RECORD_TIME = 1_700_000_000_000L;
    private final InputEventJson json = InputEventJson.withDefaults();

    @Property(tries = 300)
    void writeThenParseIsIdentity(@ForAll("events") InputEvent event) throws Exception {
        assertThat(json.parse(json.write(event), -1)).isEqualTo(event);
    }

    @Provide
    Arbitrary<InputEvent> events() {
        return EventArbitraries.inputEvents();
    }

    @Test
    void minimalImageEventTakesDefaultsAndRecordTime() throws Exception {
        InputEvent e = json.parse(bytes("{\"id\":\"a1\",\"image\":\"aGVsbG8=\"}"), RECORD_TIME);
        assertThat(e).isEqualTo(ImageEvent.inline("a1", "default", RECORD_TIME,
                "hello".getBytes(StandardCharsets.US_ASCII), Map.of()));
    }

    @Test
    void parsesFullImageEventInAnyFieldOrder() throws Exception {
        InputEvent e = json.parse(bytes("{\"attributes\":{\"camera\":\"c7\",\"ü\":\"日本\"},"
                + "\"uri\":\"https://img.example.com/a.jpg\",\"eventTime\":42,\"tenant\":\"acme-eu.1\","
                + "\"id\":\"x/1\",\"type\":\"image\"}"), RECORD_TIME);
        assertThat(e).isEqualTo(ImageEvent.ofUri("x/1", "acme-eu.1", 42, "https://img.example.com/a.jpg",
                Map.of("camera", "c7", "ü", "日本")));
    }

    @Test
    void parsesDeleteEvent() throws Exception {
        assertThat(json.parse(bytes("{\"type\":\"delete\",\"id\":\"a1\",\"tenant\":\"acme\",\"eventTime\":7}"), -1))
                .isEqualTo(new DeleteEvent("a1", "acme", 7));
    }

    @Test
    void base64PaddingIsOptional() throws Exception {
        ImageEvent e = (ImageEvent) json.parse(bytes("{\"id\":\"a\",\"image\":\"aGVsbG8\"}"), 1);
        assertThat(new String(e.image(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void idOfExactlyTheLimitIsAcceptedCountingCodePoints() throws Exception {
        String astral = "\uD83D\uDE00".repeat(EventLimits.DEFAULT_MAX_ID_CHARS); // 256 code points, 512 chars
        InputEvent e = json.parse(bytes("{\"id\":\"" + astral + "\",\"uri\":\"file:///a\"}"), 1);
        assertThat(e.id()).isEqualTo(astral);
    }

    @Test
    void emptyInlineImageIsLeftToTheImageDecoder() throws Exception {
        ImageEvent e = (ImageEvent) json.parse(bytes("{\"id\":\"a\",\"image\":\"\"}"), 1);
        assertThat(e.image()).isEmpty();
    }

    /** The schema refuses the input too. */
    static final boolean SCHEMA_REJECTS = true;
    /** A rule JSON Schema cannot express (byte totals, surrogates, duplicate keys, URI details). */
    static final boolean BEYOND_SCHEMA = false;

    /** Hostile input, the reason the parser must give, and whether src/schemas refuses it as well. */
    static Stream<Arguments> hostileInputs() {
        String b64 = "\"image\":\"aGVsbG8=\"";
        return Stream.of(
                arguments("", EMPTY, SCHEMA_REJECTS),
                arguments("{", INVALID_JSON, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",}", INVALID_JSON, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + "} x", INVALID_JSON, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + "}{}", INVALID_JSON, SCHEMA_REJECTS),
                arguments("{'id':'a'}", INVALID_JSON, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"tenant\":\"acme\" /* c */}", INVALID_JSON, SCHEMA_REJECTS),
                arguments("[{\"id\":\"a\"}]", NOT_OBJECT, SCHEMA_REJECTS),
                arguments("\"hello\"", NOT_OBJECT, SCHEMA_REJECTS),
                arguments("42", NOT_OBJECT, SCHEMA_REJECTS),
                arguments("null", NOT_OBJECT, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"colour\":\"red\"}", UNKNOWN_FIELD, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"ID\":\"b\"}", UNKNOWN_FIELD, SCHEMA_REJECTS),
                arguments("{\"type\":\"delete\",\"id\":\"a\"," + b64 + "}", UNKNOWN_FIELD, SCHEMA_REJECTS),
                arguments("{\"type\":\"delete\",\"id\":\"a\",\"attributes\":{}}", UNKNOWN_FIELD, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"id\":\"b\"," + b64 + "}", DUPLICATE_FIELD, BEYOND_SCHEMA),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":{\"k\":\"1\",\"k\":\"2\"}}", DUPLICATE_FIELD, BEYOND_SCHEMA),
                arguments("{\"id\":7," + b64 + "}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":null," + b64 + "}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":[\"a\"]," + b64 + "}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"tenant\":null," + b64 + "}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"eventTime\":\"1700000000000\"," + b64 + "}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"eventTime\":1.5," + b64 + "}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"eventTime\":1e12," + b64 + "}", WRONG_TYPE, BEYOND_SCHEMA),
                arguments("{\"id\":\"a\",\"image\":12345}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":[1,2,3]}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":{\"href\":\"x\"}}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":[\"k\"]}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":{\"k\":1}}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":{\"k\":{\"deep\":{\"deeper\":[[[]]]}}}}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"type\":1,\"id\":\"a\"," + b64 + "}", WRONG_TYPE, SCHEMA_REJECTS),
                arguments("{\"type\":\"video\",\"id\":\"a\"," + b64 + "}", UNKNOWN_TYPE, SCHEMA_REJECTS),
                arguments("{\"type\":\"Image\",\"id\":\"a\"," + b64 + "}", UNKNOWN_TYPE, SCHEMA_REJECTS),
                arguments("{" + b64 + "}", MISSING_ID, SCHEMA_REJECTS),
                arguments("{\"id\":\"\"," + b64 + "}", MISSING_ID, SCHEMA_REJECTS),
                arguments("{\"id\":\"" + "x".repeat(257) + "\"," + b64 + "}", OVERSIZE_ID, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\\u0000b\"," + b64 + "}", BAD_ID, SCHEMA_REJECTS),
                arguments("{\"id\":\"line\\nbreak\"," + b64 + "}", BAD_ID, SCHEMA_REJECTS),
                arguments("{\"id\":\"\\ud800\"," + b64 + "}", BAD_ID, BEYOND_SCHEMA),
                arguments("{\"id\":\"\\udc00x\"," + b64 + "}", BAD_ID, BEYOND_SCHEMA),
                arguments("{\"id\":\"a\",\"tenant\":\"\"," + b64 + "}", BAD_TENANT, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"tenant\":\"acme corp\"," + b64 + "}", BAD_TENANT, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"tenant\":\"-acme\"," + b64 + "}", BAD_TENANT, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"tenant\":\"../etc\"," + b64 + "}", BAD_TENANT, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"tenant\":\"" + "t".repeat(65) + "\"," + b64 + "}", BAD_TENANT, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"eventTime\":-1," + b64 + "}", BAD_EVENT_TIME, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"eventTime\":253402300800000," + b64 + "}", BAD_EVENT_TIME, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"eventTime\":99999999999999999999999," + b64 + "}", BAD_EVENT_TIME, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":" + attributes(65, 1) + "}", OVERSIZE_ATTRIBUTES, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":" + attributes(4, 5000) + "}", OVERSIZE_ATTRIBUTES, BEYOND_SCHEMA),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":{\"\":\"v\"}}", BAD_ATTRIBUTE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":{\"k\\u0007\":\"v\"}}", BAD_ATTRIBUTE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":{\"" + "k".repeat(129) + "\":\"v\"}}", BAD_ATTRIBUTE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"attributes\":{\"k\":\"\\ud83d\"}}", BAD_ATTRIBUTE, BEYOND_SCHEMA),
                arguments("{\"id\":\"a\",\"image\":\"aGV*bG8=\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"aGVs bG8=\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"aGVs\\nbG8=\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"a\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"aGVsbA=\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"aGVsbG8==\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"aGVsbG8===\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"aGVs=bG8\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"_-_-\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"image\":\"aGVsbG8é\"}", BAD_BASE64, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"not a uri\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"images/a.jpg\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"http://user:secret@example.com/a.jpg\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"http:///a.jpg\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"http:a.jpg\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"file://fileserver/share/a.jpg\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"file:////fileserver/share/a.jpg\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"file:a.jpg\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"https://example.com/%zz\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"https://example.com/" + "p".repeat(2100) + "\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"https://exämple.com/a\"}", BAD_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"ftp://example.com/a.jpg\"}", DISALLOWED_SCHEME, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"javascript:alert(1)\"}", DISALLOWED_SCHEME, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"jar:file:///x.jar!/a.jpg\"}", DISALLOWED_SCHEME, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"uri\":\"gopher://127.0.0.1:6379/_FLUSHALL\"}", DISALLOWED_SCHEME, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"," + b64 + ",\"uri\":\"https://example.com/a.jpg\"}", BOTH_IMAGE_AND_URI, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\"}", NO_IMAGE, SCHEMA_REJECTS),
                arguments("{\"id\":\"a\",\"attributes\":{\"k\":\"v\"}}", NO_IMAGE, SCHEMA_REJECTS));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("hostileInputs")
    void refusesHostileInputWithTheSpecificReason(String input, EventRejectReason expected, boolean schemaRejects) {
        assertThatThrownBy(() -> json.parse(bytes(input), RECORD_TIME))
                .isInstanceOfSatisfying(EventParseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(expected);
                    assertThat(e.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(512);
                });
    }

    @Test
    void jsonInUtf16OrUtf32IsRefusedNotAutoDetected() {
        // The JSON parser would detect UTF-16/32 from the zero bytes; the contract is UTF-8 only.
        String event = "{\"id\":\"a\",\"uri\":\"file:///a\"}";
        for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] {StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16LE, java.nio.charset.Charset.forName("UTF-32BE")}) {
            assertReason(() -> json.parse(event.getBytes(cs), RECORD_TIME), INVALID_JSON);
        }
    }

    @Test
    void nullValueIsEmpty() {
        assertReason(() -> json.parse(null, RECORD_TIME), EMPTY);
    }

    @Test
    void invalidUtf8IsInvalidJson() {
        byte[] value = bytes("{\"id\":\"aXX\",\"uri\":\"file:///a\"}");
        value[8] = (byte) 0xC3; // start of a 2-byte sequence...
        value[9] = (byte) 0x28; // ...followed by a non-continuation byte
        assertReason(() -> json.parse(value, RECORD_TIME), INVALID_JSON);
    }

    @Test
    void malformedUtf8OfEveryKindIsInvalidJson() {
        byte[][] malformed = {
                {(byte) 0xC0, (byte) 0xAF},             // overlong '/'
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // encoded surrogate U+D800
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                {(byte) 0xE2, (byte) 0x82},             // truncated sequence
                {(byte) 0xFF},                          // never valid
                {(byte) 0x80}};                         // stray continuation byte
        for (byte[] bad : malformed) {
            byte[] value = concat(bytes("{\"id\":\"a"), bad, bytes("\",\"uri\":\"file:///a\"}"));
            assertReason(() -> json.parse(value, RECORD_TIME), INVALID_JSON);
        }
    }

    @Test
    void wellFormedMultiByteUtf8IsAccepted() throws Exception {
        String id = "é€😀"; // 2-, 3- and 4-byte sequences
        assertThat(json.parse(bytes("{\"id\":\"" + id + "\",\"uri\":\"file:///a\"}"), 1).id()).isEqualTo(id);
    }

    @Test
    void aUnicodeEscapeWithANonAsciiByteForItsLastHexDigitIsRefused() throws Exception {
        // InputEventMutationTest's find: the second escape of a surrogate pair ending in the UTF-8 bytes
        // of 'Ʉ' (C9 84) instead of a hex digit, which Jackson 2.19 took as a digit
        byte[] value = concat(bytes("{\"type\":\"image\",\"id\":\"a\",\"tenant\":\"t\",\"image\":\"GQ==\","
                        + "\"attributes\":{\"\\uD90D\\uDE2"), new byte[] {(byte) 0xC9, (byte) 0x84},
                bytes("\":\"v\"}}"));
        assertReason(() -> json.parse(value, RECORD_TIME), INVALID_JSON);
        assertThat(JsonSchemas.validate("input-event", value)).as("the schema refuses it too").isNotEmpty();
        // an escaped backslash followed by a 'u' is text, not an escape
        InputEvent ok = json.parse(bytes("{\"type\":\"image\",\"id\":\"a\\\\uZZ\",\"tenant\":\"t\",\"image\":\"GQ==\"}"),
                RECORD_TIME);
        assertThat(((ImageEvent) ok).id()).isEqualTo("a\\uZZ");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void valueOverTheSizeLimitIsRefusedBeforeParsing() {
        InputEventJson small = new InputEventJson(EventLimits.defaults().withMaxEventBytes(1000));
        byte[] image = new byte[800];
        byte[] value = small.write(ImageEvent.inline("a", "default", 1, image, Map.of()));
        assertThat(value.length).isGreaterThan(1000);
        assertReason(() -> small.parse(value, RECORD_TIME), TOO_LARGE);
        byte[] fits = small.write(ImageEvent.inline("a", "default", 1, new byte[600], Map.of()));
        assertThat(fits.length).isLessThanOrEqualTo(1000);
        assertThat(catchParse(small, fits)).isNull();
    }

    @Test
    void deepNestingHitsTheParserDepthLimit() {
        // depth is only reachable through an unknown field's value if we did not stop at its name;
        // an attribute value is checked for type before nesting, so probe the Jackson limit directly
        InputEventJson shallow = new InputEventJson(new EventLimits(1 << 20, 256, 64, 128, 16384, 2048, 2));
        String nested = "{\"id\":\"a\",\"attributes\":{\"k\":\"v\"},\"uri\":\"file:///a\"}";
        assertThat(catchParse(shallow, bytes(nested))).isNull();
        String deeper = "{\"id\":\"a\",\"attributes\":{\"k\":{\"x\":1}}}";
        assertReason(() -> shallow.parse(bytes(deeper), RECORD_TIME), TOO_LARGE);
    }

    @Test
    void missingEventTimeWithoutRecordTimestampIsRefused() {
        assertReason(() -> json.parse(bytes("{\"id\":\"a\",\"uri\":\"file:///a\"}"), -1), BAD_EVENT_TIME);
    }

    @Test
    void failureAfterTheIdCarriesIdAndTenant() {
        EventParseException e = catchParse(json,
                bytes("{\"id\":\"a7\",\"tenant\":\"acme\",\"image\":\"@@@@\"}"));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(BAD_BASE64);
        assertThat(e.id()).isEqualTo("a7");
        assertThat(e.tenant()).isEqualTo("acme");
    }

    @Test
    void messagesQuoteOnlyShortExcerpts() {
        String hugeName = "n".repeat(100_000);
        EventParseException e = catchParse(json, bytes("{\"" + hugeName + "\":1}"));
        assertThat(e.reason()).isEqualTo(UNKNOWN_FIELD);
        assertThat(e.getMessage()).hasSizeLessThan(200);
    }

    @Test
    void codesAreDistinctAndWellFormed() {
        assertThat(Arrays.stream(EventRejectReason.values()).map(EventRejectReason::code))
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("event\\.[a-z0-9]+(_[a-z0-9]+)*"));
    }

    @Test
    void writesCanonicalJson() {
        byte[] out = json.write(ImageEvent.inline("a1", "acme", 5, new byte[] {1, 2, 3}, Map.of("b", "2", "a", "1")));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"image\",\"id\":\"a1\",\"tenant\":"
                + "\"acme\",\"eventTime\":5,\"image\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})
                + "\",\"attributes\":{\"a\":\"1\",\"b\":\"2\"}}");
    }

    private static String attributes(int count, int valueLength) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("v".repeat(valueLength))
                    .append('"');
        }
        return b.append('}').toString();
    }

    private static EventParseException catchParse(InputEventJson parser, byte[] value) {
        try {
            parser.parse(value, RECORD_TIME);
            return null;
        } catch (EventParseException e) {
            return e;
        }
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                     EventRejectReason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EventParseException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
