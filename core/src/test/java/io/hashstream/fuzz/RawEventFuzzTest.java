package io.hashstream.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashstream.event.EventLimits;
import io.hashstream.event.EventParseException;
import io.hashstream.event.InputEvent;
import io.hashstream.event.RawEventDecoder;
import java.util.HashMap;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the raw-mode decoder (key, value and headers of a Kafka record): typed
 * refusal or a well-formed event, never another exception.
 */
class RawEventFuzzTest {
    private static final EventLimits LIMITS =
            EventLimits.defaults().withMaxEventBytes(4096).withMaxIdChars(32).withAttributeLimits(4, 16, 256);
    private static final RawEventDecoder RAW = new RawEventDecoder(LIMITS);
    private static final String[] HEADERS = {
        RawEventDecoder.HEADER_TYPE, RawEventDecoder.HEADER_TENANT, RawEventDecoder.HEADER_EVENT_TIME,
        RawEventDecoder.HEADER_URI, RawEventDecoder.HEADER_CONTENT_TYPE, "x-other"};

    @FuzzTest(maxDuration = "10s")
    void decodeAcceptsOrRefusesWithAReason(FuzzedDataProvider data) {
        Map<String, byte[]> headers = new HashMap<>();
        int headerCount = data.consumeInt(0, 4);
        for (int i = 0; i < headerCount; i++) {
            headers.put(data.pickValue(HEADERS), data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 64)));
        }
        byte[] key = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 64));
        long timestamp = data.consumeLong();
        byte[] value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
        InputEvent event;
        try {
            event = RAW.decode(key, value, headers::get, timestamp);
        } catch (EventParseException e) {
            FuzzAssertions.assertTyped(e.code(), "event.");
            return;
        }
        FuzzAssertions.assertWellFormed(event, LIMITS);
    }
}
