package io.hashstream.deploy.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset this project uses:
 * {@code resources} (files and directories with their own kustomization), {@code namespace}, and
 * {@code patches} given as inline JSON 6902 patches with a {@code target}. Any other field is an error,
 * so a kustomization that uses more than this fails here instead of being rendered wrongly.
 */
public final class Kustomization {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
            "StorageClass", "PriorityClass");

    private Kustomization() {}

    /** The objects of the kustomization in {@code dir}, in resource order. */
    public static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        JsonNode k = readSingle(file);
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(file + ": kustomization field '" + field + "' is not supported");
            }
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path p = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(render(p));
            } else {
                objects.addAll(readAll(p));
            }
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            for (ObjectNode o : objects) {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
                    o.withObjectProperty("metadata").put("namespace", ns);
                }
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(file, patch, objects);
        }
        return objects;
    }

    private static void applyPatch(Path file, JsonNode patch, List<ObjectNode> objects) {
        JsonNode target = patch.path("target");
        if (!patch.has("patch") || target.isMissingNode()) {
            throw new IllegalArgumentException(file + ": only inline JSON 6902 patches with a target are supported");
        }
        JsonNode ops;
        try {
            ops = YAML.readTree(patch.get("patch").asText());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": patch is not YAML", e);
        }
        if (!ops.isArray()) {
            throw new IllegalArgumentException(file + ": patch must be a JSON 6902 operation list");
        }
        int matched = 0;
        for (ObjectNode o : objects) {
            if (matches(target, o)) {
                JsonPatch.apply(o, ops);
                matched++;
            }
        }
        if (matched == 0) {
            // kustomize tolerates a target that selects nothing; for us it is always a mistake.
            throw new IllegalArgumentException(file + ": patch target " + target + " matches no object");
        }
    }

    private static boolean matches(JsonNode target, JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return field(target, "group", group) && field(target, "version", version)
                && field(target, "kind", o.path("kind").asText())
                && field(target, "name", o.path("metadata").path("name").asText())
                && field(target, "namespace", o.path("metadata").path("namespace").asText());
    }

    private static boolean field(JsonNode target, String name, String actual) {
        return !target.has(name) || target.get(name).asText().equals(actual);
    }

    private static JsonNode readSingle(Path file) {
        List<ObjectNode> docs = readAll(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    /** Every non-empty document of a multi-document YAML file. */
    public static List<ObjectNode> readAll(Path file) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<ObjectNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new IllegalArgumentException(file + ": a document is not a mapping");
                }
                docs.add((ObjectNode) doc);
            }
            return docs;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
