package io.hashstream.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a CRD's OpenAPI v3 schema into a JSON Schema (draft 7) that validates the way
 * {@code kubectl apply --validate=strict} does: unknown fields are errors.
 *
 * <ul>
 *   <li>{@code x-kubernetes-int-or-string}: an integer or a string;
 *   <li>{@code x-kubernetes-preserve-unknown-fields}: any properties allowed at that level;
 *   <li>{@code nullable}: {@code null} allowed too;
 *   <li>an object schema with {@code properties} and no {@code additionalProperties} gets
 *       {@code additionalProperties: false} (the API server prunes such fields silently; we reject them).
 * </ul>
 */
public final class OpenApiSchemas {

    private OpenApiSchemas() {}

    public static ObjectNode toJsonSchema(JsonNode openApi) {
        ObjectNode schema = convert(openApi);
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        return schema;
    }

    private static ObjectNode convert(JsonNode node) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        boolean preserveUnknown = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean intOrString = node.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean nullable = node.path("nullable").asBoolean(false);

        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "description", "nullable", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
                        "x-kubernetes-embedded-resource", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
                        "x-kubernetes-map-type", "x-kubernetes-validations", "x-kubernetes-patch-strategy",
                        "x-kubernetes-patch-merge-key" -> { }
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    value.fields().forEachRemaining(p -> props.set(p.getKey(), convert(p.getValue())));
                }
                case "items", "not" -> out.set(key, value.isObject() ? convert(value) : value);
                case "additionalProperties" -> out.set(key, value.isObject() ? convert(value) : value);
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode arr = out.putArray(key);
                    value.forEach(v -> arr.add(convert(v)));
                }
                default -> out.set(key, value.deepCopy());
            }
        }
        if (intOrString) {
            // The CRD may also list anyOf [integer, string]; either way an int or a string is valid.
            out.remove("type");
            out.remove("anyOf");
            ArrayNode anyOf = out.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        boolean isObject = "object".equals(out.path("type").asText()) || out.has("properties");
        if (isObject && out.has("properties") && !out.has("additionalProperties") && !preserveUnknown) {
            out.put("additionalProperties", false);
        }
        if (nullable) {
            allowNull(out);
        }
        return out;
    }

    private static void allowNull(ObjectNode out) {
        JsonNode type = out.get("type");
        if (type != null && type.isTextual()) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(type.asText()).add("null");
            out.set("type", types);
        } else if (out.has("anyOf")) {
            ((ArrayNode) out.get("anyOf")).addObject().put("type", "null");
        }
        if (out.has("enum")) {
            ArrayNode e = (ArrayNode) out.get("enum");
            if (!e.toString().contains("null")) {
                e.addNull();
            }
        }
    }
}
