package io.hashstream.event;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The hostile-event supply really produces the reasons it promises, covering every reject reason. */
class HostileEventsTest {
    private static final EventLimits LIMITS = EventLimits.defaults().withMaxEventBytes(256 * 1024);
    private static final long RECORD_TIME = 1_700_000_000_000L;

    @Test
    void jsonCasesGetTheirExpectedReason() {
        InputEventJson json = new InputEventJson(LIMITS);
        List<HostileEvents.JsonCase> cases = HostileEvents.json(2_000, 42, LIMITS);
        for (HostileEvents.JsonCase c : cases) {
            try {
                InputEvent accepted = json.parse(c.value(), RECORD_TIME);
                fail(c.kind() + " was accepted: " + accepted);
            } catch (EventParseException e) {
                assertThat(e.code()).as(c.kind() + ": " + e.getMessage()).isEqualTo(c.expectedReason());
            }
        }
        Set<String> codes = cases.stream().map(HostileEvents.JsonCase::expectedReason).collect(Collectors.toSet());
        assertThat(codes).containsExactlyInAnyOrderElementsOf(
                EnumSet.allOf(EventRejectReason.class).stream().map(EventRejectReason::code).toList());
    }

    @Test
    void rawCasesGetTheirExpectedReason() {
        RawEventDecoder decoder = new RawEventDecoder(LIMITS);
        List<HostileEvents.RawCase> cases = HostileEvents.raw(1_000, 7, LIMITS);
        for (HostileEvents.RawCase c : cases) {
            try {
                InputEvent accepted = decoder.decode(c.key(), c.value(), c.rawHeaders(), RECORD_TIME);
                fail(c.kind() + " was accepted: " + accepted);
            } catch (EventParseException e) {
                assertThat(e.code()).as(c.kind() + ": " + e.getMessage()).isEqualTo(c.expectedReason());
            }
        }
        assertThat(cases.stream().map(HostileEvents.RawCase::kind).distinct().count()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void sameSeedSameCases() {
        List<HostileEvents.JsonCase> a = HostileEvents.json(100, 3, LIMITS);
        List<HostileEvents.JsonCase> b = HostileEvents.json(100, 3, LIMITS);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
        }
    }
}
