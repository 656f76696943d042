package io.hashstream.event;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.Map;

/** jqwik generators of valid events, results and dead letters (valid = what the schemas accept). */
public final class EventArbitraries {
    private EventArbitraries() {
    }

    /** Printable text without control characters or unpaired surrogates, including astral code points. */
    public static Arbitrary<String> text(int minCodePoints, int maxCodePoints) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xa0, 0xd7ff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMinSize(minCodePoints).ofMaxSize(maxCodePoints).map(cps -> {
            StringBuilder b = new StringBuilder();
            cps.forEach(b::appendCodePoint);
            return b.toString();
        });
    }

    public static Arbitrary<String> ids() {
        return Arbitraries.oneOf(text(1, 40), text(250, EventLimits.DEFAULT_MAX_ID_CHARS),
                Arbitraries.strings().alpha().numeric().withChars("-_:/.").ofMinLength(1).ofMaxLength(64));
    }

    public static Arbitrary<String> tenants() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').range('0', '9');
        Arbitrary<String> rest = Arbitraries.strings()
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars("._-").ofMaxLength(EventFields.MAX_TENANT_CHARS - 1);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    public static Arbitrary<Long> eventTimes() {
        return Arbitraries.longs().between(0, EventFields.MAX_EVENT_TIME).edgeCases(c -> c.includeOnly(0L,
                EventFields.MAX_EVENT_TIME));
    }

    public static Arbitrary<Map<String, String>> attributes() {
        return Arbitraries.maps(text(1, 20), text(0, 40)).ofMaxSize(8);
    }

    public static Arbitrary<String> uris() {
        Arbitrary<String> host = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .map(h -> h + ".example.com");
        Arbitrary<String> path = Arbitraries.strings().alpha().numeric().withChars("-_.~").ofMinLength(1)
                .ofMaxLength(30).list().ofMaxSize(4).map(parts -> "/" + String.join("/", parts));
        Arbitrary<String> web = Combinators.combine(Arbitraries.of("http", "https", "HTTPS"), host, path)
                .as((s, h, p) -> s + "://" + h + p);
        Arbitrary<String> file = path.map(p -> "file://" + p);
        return Arbitraries.oneOf(web, file);
    }

    public static Arbitrary<ImageEvent> imageEvents() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<ImageEvent> inline = Combinators.combine(ids(), tenants(), eventTimes(), bytes, attributes())
                .as(ImageEvent::inline);
        Arbitrary<ImageEvent> byUri = Combinators.combine(ids(), tenants(), eventTimes(), uris(), attributes())
                .as(ImageEvent::ofUri);
        return Arbitraries.oneOf(inline, byUri);
    }

    public static Arbitrary<DeleteEvent> deleteEvents() {
        return Combinators.combine(ids(), tenants(), eventTimes()).as(DeleteEvent::new);
    }

    public static Arbitrary<InputEvent> inputEvents() {
        return Arbitraries.oneOf(imageEvents(), deleteEvents());
    }

    public static Arbitrary<MatchResult> matchResults() {
        Arbitrary<Integer> bits = Arbitraries.of(8, 64, 128, 256, 1024);
        return bits.flatMap(k -> {
            Arbitrary<io.hashstream.code.BinaryCode> code = Arbitraries.bytes().array(byte[].class).ofSize(k / 8)
                    .map(io.hashstream.code.BinaryCode::fromBytes);
            Arbitrary<Match> match = Combinators.combine(ids(), Arbitraries.integers().between(0, k), eventTimes())
                    .as(Match::new);
            return Combinators.combine(ids(), tenants(), eventTimes(), Arbitraries.strings().alpha().numeric()
                            .withChars("-_.").ofMinLength(1).ofMaxLength(40), code, match.list().ofMaxSize(12))
                    .as(MatchResult::of);
        });
    }

    public static Arbitrary<DeadLetter> deadLetters() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(600).injectNull(0.1);
        Arbitrary<RejectReason> reason = Arbitraries.of(EventRejectReason.class).map(r -> r);
        return Combinators.combine(
                        Arbitraries.strings().alpha().numeric().withChars("._-").ofMinLength(1).ofMaxLength(40),
                        Arbitraries.integers().between(0, 1000), Arbitraries.longs().greaterOrEqual(0),
                        ids().injectNull(0.3), tenants().injectNull(0.3), reason, text(0, 300), raw)
                .as((topic, partition, offset, id, tenant, r, message, bytes) ->
                        DeadLetter.of(topic, partition, offset, id, tenant, r, message, 1_700_000_000_000L, bytes));
    }
}
