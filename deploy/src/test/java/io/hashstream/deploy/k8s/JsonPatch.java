package io.hashstream.deploy.k8s;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6902 operations {@code add}, {@code replace} and {@code remove} on a Jackson tree, in place. */
public final class JsonPatch {

    private JsonPatch() {}

    public static void apply(JsonNode document, JsonNode operations) {
        for (JsonNode op : operations) {
            String kind = op.path("op").asText();
            JsonPointer path = JsonPointer.compile(op.path("path").asText());
            JsonNode parent = document.at(path.head());
            String last = path.last().getMatchingProperty();
            if (parent.isMissingNode()) {
                throw new IllegalArgumentException(kind + " " + path + ": parent does not exist");
            }
            switch (kind) {
                case "add" -> add(parent, last, op.get("value"), path);
                case "replace" -> {
                    requireExists(parent, last, path);
                    set(parent, last, op.get("value"));
                }
                case "remove" -> {
                    requireExists(parent, last, path);
                    if (parent.isArray()) {
                        ((ArrayNode) parent).remove(Integer.parseInt(last));
                    } else {
                        ((ObjectNode) parent).remove(last);
                    }
                }
                default -> throw new IllegalArgumentException("unsupported patch operation '" + kind + "'");
            }
        }
    }

    private static void add(JsonNode parent, String last, JsonNode value, JsonPointer path) {
        if (value == null) {
            throw new IllegalArgumentException("add " + path + ": no value");
        }
        if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if ("-".equals(last)) {
                array.add(value.deepCopy());
            } else {
                int i = Integer.parseInt(last);
                if (i > array.size()) {
                    throw new IllegalArgumentException("add " + path + ": index out of range");
                }
                array.insert(i, value.deepCopy());
            }
        } else if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value.deepCopy());
        } else {
            throw new IllegalArgumentException("add " + path + ": parent is not a container");
        }
    }

    private static void set(JsonNode parent, String last, JsonNode value) {
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value.deepCopy());
        } else {
            ((ObjectNode) parent).set(last, value.deepCopy());
        }
    }

    private static void requireExists(JsonNode parent, String last, JsonPointer path) {
        boolean exists = parent.isArray()
                ? last.matches("\\d+") && Integer.parseInt(last) < parent.size()
                : parent.has(last);
        if (!exists) {
            throw new IllegalArgumentException(path + " does not exist");
        }
    }
}
