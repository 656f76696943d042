package io.hashstream.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hashstream.deploy.RepositoryFiles;
import java.util.List;

/** The objects of one rendered kustomization (base or overlay), with lookups by kind and name. */
public record RenderedManifests(String dir, List<ObjectNode> objects) {

    public static final List<String> DIRS = List.of("k8s/base", "k8s/overlays/cpu", "k8s/overlays/gpu");

    public static RenderedManifests of(String dir) {
        return new RenderedManifests(dir, Kustomization.render(RepositoryFiles.path(dir)));
    }

    public List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    public ObjectNode one(String kind) {
        List<ObjectNode> all = ofKind(kind);
        if (all.size() != 1) {
            throw new AssertionError(dir + ": expected one " + kind + ", found " + all.size());
        }
        return all.get(0);
    }

    public ObjectNode named(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(dir + ": no " + kind + " named " + name));
    }

    public ObjectNode flinkDeployment() {
        return one("FlinkDeployment");
    }

    /** A container of a pod template by name. */
    public static JsonNode container(JsonNode podTemplate, String name) {
        for (JsonNode c : podTemplate.path("spec").path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + podTemplate);
    }
}
