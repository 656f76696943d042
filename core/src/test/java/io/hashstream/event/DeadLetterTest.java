package io.hashstream.event;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {
    @Test
    void excerptIsBoundedToTheFirstBytes() {
        byte[] raw = new byte[10_000];
        Arrays.fill(raw, (byte) 7);
        raw[0] = 1;
        DeadLetter d = DeadLetter.of("images", 3, 42, null, null, EventRejectReason.INVALID_JSON, "bad", 5, raw);
        assertThat(d.rawSize()).isEqualTo(10_000);
        assertThat(d.rawExcerptBytes()).hasSize(DeadLetter.MAX_EXCERPT_BYTES).startsWith(1, 7, 7);
        assertThat(d.reason()).isEqualTo("event.invalid_json");
    }

    @Test
    void nullValueHasNoExcerpt() {
        DeadLetter d = DeadLetter.of("images", 0, 0, "a", "t", EventRejectReason.NO_IMAGE, "tombstone", 5, null);
        assertThat(d.rawSize()).isEqualTo(-1);
        assertThat(d.rawExcerpt()).isNull();
        assertThat(d.rawExcerptBytes()).isEmpty();
    }

    @Test
    void messageIsBounded() {
        DeadLetter d = DeadLetter.of("images", 0, 0, null, null, EventRejectReason.BAD_URI, "m".repeat(50_000), 5,
                new byte[0]);
        assertThat(d.message().length()).isLessThanOrEqualTo(DeadLetter.MAX_MESSAGE_CHARS);
    }

    @Test
    void carriesIdAndTenantKnownToTheParser() {
        EventParseException e = null;
        try {
            InputEventJson.withDefaults().parse("{\"id\":\"a1\",\"tenant\":\"acme\"}".getBytes(), 1);
        } catch (EventParseException thrown) {
            e = thrown;
        }
        assertThat(e).isNotNull();
        DeadLetter d = DeadLetter.of("images", 1, 2, e, 9, "{}".getBytes());
        assertThat(d.id()).isEqualTo("a1");
        assertThat(d.tenant()).isEqualTo("acme");
        assertThat(d.reason()).isEqualTo("event.no_image");
    }

    @Property(tries = 200)
    void jsonRoundTrips(@ForAll("deadLetters") DeadLetter d) {
        assertThat(DeadLetterJson.parse(DeadLetterJson.write(d))).isEqualTo(d);
    }

    @Provide
    Arbitrary<DeadLetter> deadLetters() {
        return EventArbitraries.deadLetters();
    }
}
