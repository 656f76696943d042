package io.hashstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Shared plumbing of the output codecs ({@link MatchResultJson}, {@link DeadLetterJson}). Output topics
 * are written by HashStream itself, so reading them back is strict about shape but uses a tree.
 */
final class OutputJson {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(64L * 1024 * 1024)
                    .maxNestingDepth(8)
                    .build())
            .build();
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private OutputJson() {
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(int sizeHint, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    static JsonNode readObject(byte[] json, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON for a " + what + ": " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return node;
    }

    static void onlyFields(JsonNode node, Set<String> allowed, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown field \"" + TextBounds.truncate(name, 48) + "\" in "
                        + what);
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    /** Null when absent; a string otherwise. */
    static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null ? null : text(node, field);
    }

    static long integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be an integer");
        }
        return v.longValue();
    }

    static int int32(JsonNode node, String field) {
        long v = integer(node, field);
        if (v != (int) v) {
            throw new IllegalArgumentException("field \"" + field + "\" is out of int range");
        }
        return (int) v;
    }
}
