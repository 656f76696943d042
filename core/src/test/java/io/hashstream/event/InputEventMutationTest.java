package io.hashstream.event;

import io.hashstream.testing.JsonSchemas;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomly damaged events (bit flips, deleted, inserted and duplicated bytes, truncation): the parser
 * either refuses them with a typed reason or accepts them, never anything else, and whatever it
 * accepts is also accepted by the schema and survives a write/parse round trip.
 */
class InputEventMutationTest {
    private static final byte[] JSONISH = "{}[]\":,\\ 0123456789aeflnrstu=+/-.eE".getBytes();
    private final InputEventJson json = InputEventJson.withDefaults();

    @Property(tries = 1000)
    void damagedEventsAreRefusedWithAReasonOrAcceptedConsistently(@ForAll("smallEvents") InputEvent event,
                                                                   @ForAll long seed) {
        byte[] damaged = mutate(json.write(event), new Random(seed));
        InputEvent parsed;
        try {
            parsed = json.parse(damaged, 1_700_000_000_000L);
        } catch (EventParseException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            Statistics.collect("refused");
            return;
        } finally {
            // both branches must actually be exercised, or the property says nothing
            Statistics.coverage(c -> {
                c.check("refused").count((Integer n) -> n > 0);
                c.check("accepted").count((Integer n) -> n > 0);
            });
        }
        Statistics.collect("accepted");
        assertThat(JsonSchemas.validate("input-event", damaged)).as(new String(damaged)).isEmpty();
        assertThat(parseOrFail(json.write(parsed))).isEqualTo(parsed);
    }

    @Provide
    Arbitrary<InputEvent> smallEvents() {
        return EventArbitraries.inputEvents().filter(e -> !(e instanceof ImageEvent i) || i.image() == null
                || i.image().length < 200);
    }

    private InputEvent parseOrFail(byte[] value) {
        try {
            return json.parse(value, 1_700_000_000_000L);
        } catch (EventParseException e) {
            throw new AssertionError("re-written event refused: " + e.getMessage(), e);
        }
    }

    private static byte[] mutate(byte[] in, Random r) {
        byte[] b = in;
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits && b.length > 0; k++) {
            int i = r.nextInt(b.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 8);
            switch (r.nextInt(5)) {
                case 0 -> { // flip one bit
                    b = b.clone();
                    b[i] ^= (byte) (1 << r.nextInt(8));
                    continue;
                }
                case 1 -> { // delete a byte
                    out.write(b, 0, i);
                    out.write(b, i + 1, b.length - i - 1);
                }
                case 2 -> { // insert a JSON-ish byte
                    out.write(b, 0, i);
                    out.write(JSONISH[r.nextInt(JSONISH.length)]);
                    out.write(b, i, b.length - i);
                }
                case 3 -> { // duplicate a short slice
                    int len = Math.min(1 + r.nextInt(12), b.length - i);
                    out.write(b, 0, i + len);
                    out.write(b, i, b.length - i);
                }
                default -> out.write(b, 0, i); // truncate
            }
            b = out.toByteArray();
        }
        return b;
    }
}
