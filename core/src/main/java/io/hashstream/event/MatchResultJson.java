package io.hashstream.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * JSON wire format of the result topic ({@code src/schemas/match-result.schema.json}):
 * <pre>
 * {"id":"b7","tenant":"acme","eventTime":1700000001000,"modelId":"hashnet-64-v1","code":"3fa2...","bits":64,
 *  "matches":[{"id":"a1","distance":3,"eventTime":1700000000000}],"clusterId":"a1"}
 * </pre>
 * Stateless and thread-safe.
 */
public final class MatchResultJson {
    private static final Set<String> FIELDS =
            Set.of("id", "tenant", "eventTime", "modelId", "code", "bits", "matches", "clusterId");
    private static final Set<String> MATCH_FIELDS = Set.of("id", "distance", "eventTime");

    private MatchResultJson() {
    }

    public static byte[] write(MatchResult r) {
        return OutputJson.write(192 + r.code().length() + 64 * r.matches().size(), g -> {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeStringField("tenant", r.tenant());
            g.writeNumberField("eventTime", r.eventTime());
            g.writeStringField("modelId", r.modelId());
            g.writeStringField("code", r.code());
            g.writeNumberField("bits", r.bits());
            g.writeArrayFieldStart("matches");
            for (Match m : r.matches()) {
                g.writeStartObject();
                g.writeStringField("id", m.id());
                g.writeNumberField("distance", m.distance());
                g.writeNumberField("eventTime", m.eventTime());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("clusterId", r.clusterId());
            g.writeEndObject();
        });
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed result */
    public static MatchResult parse(byte[] json) {
        JsonNode n = OutputJson.readObject(json, "match result");
        OutputJson.onlyFields(n, FIELDS, "match result");
        JsonNode ms = n.get("matches");
        if (ms == null || !ms.isArray()) {
            throw new IllegalArgumentException("field \"matches\" must be an array");
        }
        List<Match> matches = new ArrayList<>(ms.size());
        for (JsonNode m : ms) {
            if (!m.isObject()) {
                throw new IllegalArgumentException("each match must be an object");
            }
            OutputJson.onlyFields(m, MATCH_FIELDS, "match");
            matches.add(new Match(OutputJson.text(m, "id"), OutputJson.int32(m, "distance"),
                    OutputJson.integer(m, "eventTime")));
        }
        return new MatchResult(OutputJson.text(n, "id"), OutputJson.text(n, "tenant"),
                OutputJson.integer(n, "eventTime"), OutputJson.text(n, "modelId"), OutputJson.text(n, "code"),
                OutputJson.int32(n, "bits"), matches, OutputJson.text(n, "clusterId"));
    }
}
