package io.hashstream.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.event.DeleteEvent;
import io.hashstream.event.EventLimits;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEvent;

/** What every accepted or refused input must satisfy, shared by the fuzz targets. */
final class FuzzAssertions {
    private FuzzAssertions() {
    }

    /** A dead-letter code: {@code <area>.<snake_case>} in the expected area. */
    static void assertTyped(String code, String area) {
        assertThat(code).startsWith(area).matches("[a-z]+\\.[a-z0-9_]+");
    }

    /** The invariants the job relies on after parsing. */
    static void assertWellFormed(InputEvent event, EventLimits limits) {
        assertThat(event.id()).isNotEmpty();
        assertThat(event.id().length()).isLessThanOrEqualTo(limits.maxIdChars());
        assertThat(event.id().chars().noneMatch(c -> c < 0x20 || c == 0x7f)).as("no control characters in id").isTrue();
        assertThat(event.tenant()).isNotNull();
        assertThat(event.eventTime()).isNotNegative();
        if (event instanceof ImageEvent image) {
            assertThat(image.image() == null).isNotEqualTo(image.uri() == null);
            assertThat(image.attributes().size()).isLessThanOrEqualTo(limits.maxAttributes());
        } else {
            assertThat(event).isInstanceOf(DeleteEvent.class);
        }
    }
}
