package io.hashstream.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON against the wire-contract schemas in the repository's {@code src/schemas}, so tests in
 * any module check what the code writes against the files producers in other languages use.
 *
 * <pre>
 * List&lt;String&gt; errors = JsonSchemas.validate("match-result", bytes);   // empty when valid
 * JsonSchemas.requireValid("dead-letter", bytes);                         // AssertionError otherwise
 * </pre>
 */
public final class JsonSchemas {
    /** The {@code $id} prefix of every schema; mapped onto the local directory, never fetched. */
    public static final String ID_PREFIX = "https://hashstream.io/schemas/";

    /** Strict like the event parser: trailing content and duplicate keys are errors, not ignored. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static volatile JsonSchemaFactory factory;

    private JsonSchemas() {
    }

    /** Error messages (empty when valid) of {@code json} against {@code src/schemas/<name>.schema.json}. */
    public static List<String> validate(String name, byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        return validate(name, node);
    }

    public static List<String> validate(String name, JsonNode json) {
        return schema(name).validate(json).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    public static void requireValid(String name, byte[] json) {
        List<String> errors = validate(name, json);
        if (!errors.isEmpty()) {
            throw new AssertionError("not a valid " + name + ": " + errors + "\n" + preview(json));
        }
    }

    public static JsonSchema schema(String name) {
        return CACHE.computeIfAbsent(name, n -> factory().getSchema(SchemaLocation.of(ID_PREFIX + n + ".schema.json"),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** {@code src/schemas}, found by walking up from the working directory (a module or the repo root). */
    public static Path schemaDir() {
        Path dir = Paths.get("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("src").resolve("schemas");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no src/schemas above " + dir);
    }

    private static JsonSchemaFactory factory() {
        if (factory == null) {
            synchronized (JsonSchemas.class) {
                if (factory == null) {
                    String local = schemaDir().toUri().toString(); // ends with '/'
                    factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                            b -> b.schemaMappers(m -> m.mapPrefix(ID_PREFIX, local)));
                }
            }
        }
        return factory;
    }

    private static String preview(byte[] json) {
        String s = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
