package io.hashstream.jobs.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads the id back out of a feed record that is expected to be a valid event. */
final class HostileFeedIds {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileFeedIds() {
    }

    static String idOf(HostileRecord r) {
        try {
            JsonNode node = JSON.readTree(r.value());
            return node.get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
