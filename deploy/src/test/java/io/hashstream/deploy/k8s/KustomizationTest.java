package io.hashstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void json_patch_adds_replaces_and_removes() throws Exception {
        JsonNode doc = JSON.readTree("{\"a\":{\"b\":1,\"list\":[1,3]},\"x\":\"y\"}");
        JsonPatch.apply(doc, JSON.readTree("[{\"op\":\"replace\",\"path\":\"/a/b\",\"value\":2},"
                + "{\"op\":\"add\",\"path\":\"/a/list/1\",\"value\":2},{\"op\":\"add\",\"path\":\"/a/list/-\",\"value\":4},"
                + "{\"op\":\"add\",\"path\":\"/a/n~1m\",\"value\":true},{\"op\":\"remove\",\"path\":\"/x\"}]"));
        assertThat(doc).isEqualTo(JSON.readTree("{\"a\":{\"b\":2,\"list\":[1,2,3,4],\"n/m\":true}}"));
    }

    @Test
    void replacing_or_removing_a_missing_path_fails() throws Exception {
        JsonNode doc = JSON.readTree("{\"a\":{}}");
        assertThatThrownBy(() -> JsonPatch.apply(doc, JSON.readTree("[{\"op\":\"replace\",\"path\":\"/a/b\",\"value\":1}]")))
                .hasMessageContaining("/a/b");
        assertThatThrownBy(() -> JsonPatch.apply(doc, JSON.readTree("[{\"op\":\"remove\",\"path\":\"/q/b\"}]")))
                .hasMessageContaining("parent");
    }

    @Test
    void overlays_patch_the_base_objects_they_target(@TempDir Path dir) throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.writeString(base.resolve("kustomization.yaml"), "resources: [cm.yaml]\nnamespace: ns\n");
        Files.writeString(base.resolve("cm.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\n"
                        + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: v}\n");
        Path overlay = Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                resources: [../base]
                patches:
                  - target: {version: v1, kind: ConfigMap, name: b}
                    patch: |-
                      - op: replace
                        path: /data/k
                        value: w
                """);
        var objects = Kustomization.render(overlay);
        assertThat(objects).extracting(o -> o.at("/metadata/namespace").asText()).containsOnly("ns");
        assertThat(objects).extracting(o -> o.at("/data/k").asText()).containsExactly("v", "w");
    }

    @Test
    void a_patch_that_targets_nothing_or_an_unsupported_field_fails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [cm.yaml]
                patches:
                  - target: {kind: ConfigMap, name: nope}
                    patch: "[]"
                """);
        assertThatThrownBy(() -> Kustomization.render(dir)).hasMessageContaining("matches no object");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [cm.yaml]\nimages: [{name: x}]\n");
        assertThatThrownBy(() -> Kustomization.render(dir)).hasMessageContaining("'images' is not supported");
    }
}
