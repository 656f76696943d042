package io.hashstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hashstream.deploy.RepositoryFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The in-test renderer gives exactly what the real kustomize (built into kubectl) gives for this
 * project's kustomizations. Runs where kubectl is installed (the project's machines have it).
 */
class KustomizationMatchesKubectlTest {

    static final List<String> DIRS = RenderedManifests.DIRS;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @FieldSource("DIRS")
    void renders_like_kubectl_kustomize(String dir) throws Exception {
        assumeTrue(kubectlAvailable(), "kubectl is not installed");
        Process p = new ProcessBuilder("kubectl", "kustomize", RepositoryFiles.path(dir).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<JsonNode> expected = new ArrayList<>(YAML.readerFor(JsonNode.class).<JsonNode>readValues(out).readAll());
        List<JsonNode> actual = new ArrayList<>(RenderedManifests.of(dir).objects());
        Comparator<JsonNode> byId = Comparator.comparing(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText());
        expected.sort(byId);
        actual.sort(byId);
        // kustomize prints integers in YAML that Jackson reads back as the same numbers; compare as trees.
        assertThat(actual).isEqualTo(expected);
    }

    private static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
