package io.hashstream.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The served versions of the CustomResourceDefinitions in a directory tree (YAML files with
 * {@code kind: CustomResourceDefinition}), each compiled into a strict JSON Schema.
 */
public final class CrdSchemaCatalog {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** {@code apiVersion} ({@code group/version}) and {@code kind}. */
    public record Gvk(String apiVersion, String kind) {
        @Override
        public String toString() {
            return apiVersion + " " + kind;
        }
    }

    private final Map<Gvk, JsonSchema> schemas;

    private CrdSchemaCatalog(Map<Gvk, JsonSchema> schemas) {
        this.schemas = Map.copyOf(schemas);
    }

    public static CrdSchemaCatalog load(Path dir) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        Map<Gvk, JsonSchema> schemas = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
                JsonNode crd = YAML.readTree(file.toFile());
                if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (!version.path("served").asBoolean(false)) {
                        continue;
                    }
                    ObjectNode openApi = version.path("schema").path("openAPIV3Schema").deepCopy();
                    // Every object may carry these at its root, whether the CRD's schema lists them or not.
                    ObjectNode root = openApi.withObjectProperty("properties");
                    root.putIfAbsent("apiVersion", YAML.createObjectNode().put("type", "string"));
                    root.putIfAbsent("kind", YAML.createObjectNode().put("type", "string"));
                    root.putIfAbsent("metadata", YAML.createObjectNode().put("type", "object"));
                    Gvk gvk = new Gvk(group + "/" + version.path("name").asText(), kind);
                    schemas.put(gvk, factory.getSchema(OpenApiSchemas.toJsonSchema(openApi)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read CRDs under " + dir, e);
        }
        if (schemas.isEmpty()) {
            throw new IllegalStateException("no CustomResourceDefinition found under " + dir);
        }
        return new CrdSchemaCatalog(schemas);
    }

    public boolean knows(Gvk gvk) {
        return schemas.containsKey(gvk);
    }

    public java.util.Set<Gvk> kinds() {
        return schemas.keySet();
    }

    /** Messages for every violation; empty when the object is valid. */
    public Optional<List<String>> validate(JsonNode object) {
        Gvk gvk = new Gvk(object.path("apiVersion").asText(), object.path("kind").asText());
        JsonSchema schema = schemas.get(gvk);
        if (schema == null) {
            return Optional.empty();
        }
        return Optional.of(schema.validate(object).stream().map(ValidationMessage::getMessage).sorted().toList());
    }
}
