package io.hashstream.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashstream.event.EventLimits;
import io.hashstream.event.EventParseException;
import io.hashstream.event.InputEvent;
import io.hashstream.event.InputEventJson;

/**
 * Coverage-guided fuzzing of the JSON event parser. Any input must end in an accepted event or a typed
 * {@link EventParseException}; an accepted event must survive a write/parse round trip unchanged.
 * In the normal test run this replays the committed corpus under
 * {@code src/test/resources/io/hashstream/fuzz/EventJsonFuzzTestInputs/}; {@code scripts/fuzz.sh} fuzzes it.
 */
class EventJsonFuzzTest {
    /** Small limits so the fuzzer reaches every size refusal with short inputs. */
    private static final InputEventJson JSON = new InputEventJson(
            EventLimits.defaults().withMaxEventBytes(4096).withMaxIdChars(32).withAttributeLimits(4, 16, 256));

    @FuzzTest(maxDuration = "10s")
    void parseAcceptsOrRefusesWithAReason(byte[] value) {
        InputEvent event;
        try {
            event = JSON.parse(value, 1_700_000_000_000L);
        } catch (EventParseException e) {
            FuzzAssertions.assertTyped(e.code(), "event.");
            return;
        }
        FuzzAssertions.assertWellFormed(event, JSON.limits());
        try {
            assertThat(JSON.parse(JSON.write(event), 0L)).isEqualTo(event);
        } catch (EventParseException e) {
            throw new AssertionError("accepted event " + event + " does not reparse: " + e.code(), e);
        }
    }
}
