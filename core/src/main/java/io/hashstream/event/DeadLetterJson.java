package io.hashstream.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * JSON wire format of the dead-letter topic ({@code src/schemas/dead-letter.schema.json}):
 * <pre>
 * {"sourceTopic":"images","partition":0,"offset":42,"id":"a1","tenant":"acme","reason":"image.truncated",
 *  "message":"...","rejectedAt":1700000002000,"rawSize":5120,"rawExcerpt":"/9j/4AAQ..."}
 * </pre>
 * {@code id}, {@code tenant} and {@code rawExcerpt} are omitted when unknown / null. Stateless and thread-safe.
 */
public final class DeadLetterJson {
    private static final Set<String> FIELDS = Set.of("sourceTopic", "partition", "offset", "id", "tenant", "reason",
            "message", "rejectedAt", "rawSize", "rawExcerpt");

    private DeadLetterJson() {
    }

    public static byte[] write(DeadLetter d) {
        return OutputJson.write(512 + d.message().length() + (d.rawExcerpt() == null ? 0 : d.rawExcerpt().length()),
                g -> {
                    g.writeStartObject();
                    g.writeStringField("sourceTopic", d.sourceTopic());
                    g.writeNumberField("partition", d.partition());
                    g.writeNumberField("offset", d.offset());
                    if (d.id() != null) {
                        g.writeStringField("id", d.id());
                    }
                    if (d.tenant() != null) {
                        g.writeStringField("tenant", d.tenant());
                    }
                    g.writeStringField("reason", d.reason());
                    g.writeStringField("message", d.message());
                    g.writeNumberField("rejectedAt", d.rejectedAt());
                    g.writeNumberField("rawSize", d.rawSize());
                    if (d.rawExcerpt() != null) {
                        g.writeStringField("rawExcerpt", d.rawExcerpt());
                    }
                    g.writeEndObject();
                });
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed dead letter */
    public static DeadLetter parse(byte[] json) {
        JsonNode n = OutputJson.readObject(json, "dead letter");
        OutputJson.onlyFields(n, FIELDS, "dead letter");
        return new DeadLetter(OutputJson.text(n, "sourceTopic"), OutputJson.int32(n, "partition"),
                OutputJson.integer(n, "offset"), OutputJson.optionalText(n, "id"),
                OutputJson.optionalText(n, "tenant"), OutputJson.text(n, "reason"), OutputJson.text(n, "message"),
                OutputJson.integer(n, "rejectedAt"), OutputJson.int32(n, "rawSize"),
                OutputJson.optionalText(n, "rawExcerpt"));
    }
}
