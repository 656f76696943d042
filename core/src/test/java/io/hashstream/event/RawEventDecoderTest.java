package io.hashstream.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static io.hashstream.event.EventRejectReason.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawEventDecoderTest {
    private static final long RECORD_TIME = 1_700_000_000_000L;
    private static final byte[] JPEG_START = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10};
    private final RawEventDecoder decoder = RawEventDecoder.withDefaults();

    @Test
    void kcatStyleRecordWithKeyAndTenantHeader() throws Exception {
        ImageEvent e = (ImageEvent) decoder.decode(utf8("id1"), JPEG_START, headers("tenant", "acme"), RECORD_TIME);
        assertThat(e).isEqualTo(ImageEvent.inline("id1", "acme", RECORD_TIME, JPEG_START, Map.of()));
    }

    @Test
    void noHeadersMeansDefaultTenantAndRecordTimestamp() throws Exception {
        ImageEvent e = (ImageEvent) decoder.decode(utf8("id1"), JPEG_START, RawHeaders.NONE, RECORD_TIME);
        assertThat(e.tenant()).isEqualTo("default");
        assertThat(e.eventTime()).isEqualTo(RECORD_TIME);
        assertThat(e.attributes()).isEmpty();
    }

    @Test
    void eventTimeHeaderOverridesRecordTimestamp() throws Exception {
        ImageEvent e = (ImageEvent) decoder.decode(utf8("id1"), JPEG_START, headers("event-time", "1234567"), RECORD_TIME);
        assertThat(e.eventTime()).isEqualTo(1234567L);
    }

    @Test
    void uriHeaderWithEmptyOrNullValueIsAUriEvent() throws Exception {
        RawHeaders h = headers("uri", "https://img.example.com/a.jpg", "content-type", "image/jpeg");
        ImageEvent fromEmpty = (ImageEvent) decoder.decode(utf8("id1"), new byte[0], h, RECORD_TIME);
        ImageEvent fromNull = (ImageEvent) decoder.decode(utf8("id1"), null, h, RECORD_TIME);
        ImageEvent expected = ImageEvent.ofUri("id1", "default", RECORD_TIME, "https://img.example.com/a.jpg",
                Map.of("content-type", "image/jpeg"));
        assertThat(fromEmpty).isEqualTo(expected);
        assertThat(fromNull).isEqualTo(expected);
    }

    @Test
    void emptyValueIsAnEmptyImageForTheImageDecoderToRefuse() throws Exception {
        assertThat(((ImageEvent) decoder.decode(utf8("id1"), new byte[0], RawHeaders.NONE, RECORD_TIME)).image())
                .isEmpty();
    }

    @Test
    void unknownHeadersAreIgnored() throws Exception {
        ImageEvent e = (ImageEvent) decoder.decode(utf8("id1"), JPEG_START, headers("traceparent", "00-abc", "x", "\u0000"),
                RECORD_TIME);
        assertThat(e.attributes()).isEmpty();
    }

    @Test
    void typeHeaderDeletes() throws Exception {
        assertThat(decoder.decode(utf8("id1"), null, headers("type", "delete", "tenant", "acme", "event-time", "9"),
                RECORD_TIME)).isEqualTo(new DeleteEvent("id1", "acme", 9));
        assertThat(decoder.decode(utf8("id1"), new byte[0], headers("type", "delete"), RECORD_TIME))
                .isEqualTo(new DeleteEvent("id1", "default", RECORD_TIME));
        assertThat(decoder.decode(utf8("id1"), JPEG_START, headers("type", "image"), RECORD_TIME))
                .isInstanceOf(ImageEvent.class);
        assertReason(utf8("id1"), JPEG_START, headers("type", "delete"), RECORD_TIME, UNKNOWN_FIELD);
        assertReason(utf8("id1"), null, headers("type", "delete", "uri", "https://example.com/a.jpg"), RECORD_TIME,
                UNKNOWN_FIELD);
        assertReason(utf8("id1"), JPEG_START, headers("type", "Delete"), RECORD_TIME, UNKNOWN_TYPE);
        assertReason(null, null, headers("type", "delete"), RECORD_TIME, MISSING_ID);
    }

    @Test
    void keyProblems() {
        assertReason(null, JPEG_START, RawHeaders.NONE, RECORD_TIME, MISSING_ID);
        assertReason(new byte[0], JPEG_START, RawHeaders.NONE, RECORD_TIME, MISSING_ID);
        assertReason(new byte[] {'a', (byte) 0xC3, 0x28}, JPEG_START, RawHeaders.NONE, RECORD_TIME, BAD_ID);
        assertReason(utf8("a\nb"), JPEG_START, RawHeaders.NONE, RECORD_TIME, BAD_ID);
        assertReason(utf8("k".repeat(257)), JPEG_START, RawHeaders.NONE, RECORD_TIME, OVERSIZE_ID);
        assertReason(new byte[1 << 20], JPEG_START, RawHeaders.NONE, RECORD_TIME, OVERSIZE_ID);
    }

    @Test
    void headerProblems() {
        assertReason(utf8("a"), JPEG_START, headers("tenant", "acme corp"), RECORD_TIME, BAD_TENANT);
        assertReason(utf8("a"), JPEG_START, headers("tenant", ""), RECORD_TIME, BAD_TENANT);
        assertReason(utf8("a"), JPEG_START, RawHeaders.of(Map.of("tenant", new byte[] {(byte) 0xFF})), RECORD_TIME,
                BAD_TENANT);
        for (String bad : new String[] {"", "abc", "-5", "12.5", "1e3", " 12", "99999999999999999999", "253402300800000"}) {
            assertReason(utf8("a"), JPEG_START, headers("event-time", bad), RECORD_TIME, BAD_EVENT_TIME);
        }
        assertReason(utf8("a"), JPEG_START, RawHeaders.NONE, -1, BAD_EVENT_TIME);
        assertReason(utf8("a"), JPEG_START, headers("content-type", "image/jpeg\r\nX-Evil: 1"), RECORD_TIME,
                BAD_ATTRIBUTE);
        assertReason(utf8("a"), JPEG_START, headers("content-type", "x".repeat(200)), RECORD_TIME, BAD_ATTRIBUTE);
    }

    @Test
    void imageSourceProblems() {
        assertReason(utf8("a"), null, RawHeaders.NONE, RECORD_TIME, NO_IMAGE);
        assertReason(utf8("a"), JPEG_START, headers("uri", "https://example.com/a.jpg"), RECORD_TIME,
                BOTH_IMAGE_AND_URI);
        assertReason(utf8("a"), null, headers("uri", "ftp://example.com/a.jpg"), RECORD_TIME, DISALLOWED_SCHEME);
        assertReason(utf8("a"), null, headers("uri", "a.jpg"), RECORD_TIME, BAD_URI);
        RawEventDecoder small = new RawEventDecoder(EventLimits.defaults().withMaxEventBytes(100));
        assertThatThrownBy(() -> small.decode(utf8("a"), new byte[101], RawHeaders.NONE, RECORD_TIME))
                .isInstanceOfSatisfying(EventParseException.class, e -> assertThat(e.reason()).isEqualTo(TOO_LARGE));
    }

    @Test
    void failuresAfterTheKeyCarryTheId() {
        assertThatThrownBy(() -> decoder.decode(utf8("id9"), null, headers("tenant", "acme"), RECORD_TIME))
                .isInstanceOfSatisfying(EventParseException.class, e -> {
                    assertThat(e.id()).isEqualTo("id9");
                    assertThat(e.tenant()).isEqualTo("acme");
                });
    }

    private void assertReason(byte[] key, byte[] value, RawHeaders headers, long ts, EventRejectReason reason) {
        assertThatThrownBy(() -> decoder.decode(key, value, headers, ts))
                .isInstanceOfSatisfying(EventParseException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static RawHeaders headers(String... kv) {
        Map<String, byte[]> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], utf8(kv[i + 1]));
        }
        return RawHeaders.of(m);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
