package io.hashstream.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.testing.JsonSchemas;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the codecs write satisfies src/schemas, and what the schemas refuse the parser refuses too. */
class EventSchemasTest {
    private static final InputEventJson JSON = InputEventJson.withDefaults();
    private static final List<String> SCHEMAS =
            List.of("common", "image-event", "delete-event", "input-event", "match-result", "dead-letter");

    @Property(tries = 300)
    void writtenInputEventsSatisfyTheirSchemas(@ForAll("inputEvents") InputEvent event) {
        byte[] json = JSON.write(event);
        assertThat(JsonSchemas.validate("input-event", json)).isEmpty();
        String specific = event instanceof ImageEvent ? "image-event" : "delete-event";
        assertThat(JsonSchemas.validate(specific, json)).isEmpty();
    }

    @Property(tries = 200)
    void writtenResultsSatisfyTheSchema(@ForAll("matchResults") MatchResult result) {
        assertThat(JsonSchemas.validate("match-result", MatchResultJson.write(result))).isEmpty();
    }

    @Property(tries = 200)
    void writtenDeadLettersSatisfyTheSchema(@ForAll("deadLetters") DeadLetter deadLetter) {
        assertThat(JsonSchemas.validate("dead-letter", DeadLetterJson.write(deadLetter))).isEmpty();
    }

    @Provide
    Arbitrary<InputEvent> inputEvents() {
        return EventArbitraries.inputEvents();
    }

    @Provide
    Arbitrary<MatchResult> matchResults() {
        return EventArbitraries.matchResults();
    }

    @Provide
    Arbitrary<DeadLetter> deadLetters() {
        return EventArbitraries.deadLetters();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("io.hashstream.event.InputEventJsonTest#hostileInputs")
    void schemaRefusesWhatItCanExpress(String input, EventRejectReason reason, boolean schemaRejects) {
        List<String> errors = JsonSchemas.validate("input-event", input.getBytes(StandardCharsets.UTF_8));
        if (schemaRejects) {
            assertThat(errors).as("schema errors for %s input", reason.code()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"QQ", "QQ==", "QUI", "QUI=", "QUJD", "aGVsbA", "aGVsbA==",
            "aGVsbG8", "aGVsbG8=", "aGVsbA=", "aGVsbG8==", "Q", "Q===", "QUJDRA=", "QU JD", "QUJD=", "QUJDR"})
    void theBase64PatternAcceptsExactlyWhatTheParserDecodes(String base64) {
        byte[] event = ("{\"id\":\"a\",\"image\":\"" + base64 + "\"}").getBytes(StandardCharsets.UTF_8);
        boolean schema = JsonSchemas.validate("input-event", event).isEmpty();
        boolean parser;
        try {
            InputEventJson.withDefaults().parse(event, 0);
            parser = true;
        } catch (EventParseException e) {
            parser = e.reason() != EventRejectReason.BAD_BASE64;
        }
        assertThat(schema).as("schema accepts %s", base64).isEqualTo(parser);
    }

    @Test
    void deadLetterSchemaTiesExcerptToRawSize() {
        String base = "{\"sourceTopic\":\"images\",\"partition\":0,\"offset\":1,\"reason\":\"event.no_image\","
                + "\"message\":\"m\",\"rejectedAt\":5,";
        assertThat(JsonSchemas.validate("dead-letter", bytes(base + "\"rawSize\":-1}"))).isEmpty();
        assertThat(JsonSchemas.validate("dead-letter", bytes(base + "\"rawSize\":-1,\"rawExcerpt\":\"\"}")))
                .isNotEmpty();
        assertThat(JsonSchemas.validate("dead-letter", bytes(base + "\"rawSize\":0}"))).isNotEmpty();
        assertThat(JsonSchemas.validate("dead-letter", bytes(base + "\"rawSize\":0,\"rawExcerpt\":\"\"}"))).isEmpty();
    }

    @Test
    void schemasAreValidDraft202012() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        var metaSchema = com.networknt.schema.JsonSchemaFactory
                .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(com.networknt.schema.SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String name : SCHEMAS) {
            JsonNode schema = mapper.readTree(JsonSchemas.schemaDir().resolve(name + ".schema.json").toFile());
            assertThat(metaSchema.validate(schema)).as(name).isEmpty();
            assertThat(schema.path("$id").asText()).isEqualTo(JsonSchemas.ID_PREFIX + name + ".schema.json");
        }
    }

    static Stream<Path> examples() throws IOException {
        Path dir = JsonSchemas.schemaDir().resolveSibling("examples");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(json).isNotEmpty();
            return json.stream();
        }
    }

    /** Each file in src/examples is named after its schema and must also be accepted by the Java codec. */
    @ParameterizedTest
    @MethodSource("examples")
    void documentedExamplesAreValid(Path example) throws Exception {
        byte[] json = Files.readAllBytes(example);
        String file = example.getFileName().toString();
        String schema = SCHEMAS.stream().filter(s -> file.startsWith(s + ".")).findFirst()
                .orElseThrow(() -> new AssertionError("example " + file + " is not named <schema>.<name>.json"));
        assertThat(JsonSchemas.validate(schema, json)).as(file).isEmpty();
        switch (schema) {
            case "image-event", "delete-event", "input-event" -> assertThat(JSON.parse(json, -1)).isNotNull();
            case "match-result" -> assertThat(MatchResultJson.parse(json)).isNotNull();
            case "dead-letter" -> assertThat(DeadLetterJson.parse(json)).isNotNull();
            default -> throw new AssertionError(schema);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
