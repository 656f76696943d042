package io.hashstream.deploy.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.deploy.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs dockerfile-utils (the Dockerfile linter of the VS Code Docker tooling, from npm; hadolint is
 * not packaged in Debian or npm) installed by scripts/install-deps.sh under deploy/tools/dockerfile-lint.
 */
public final class DockerfileLinter {

    private DockerfileLinter() {}

    public static Path executable() {
        Path bin = RepositoryFiles.path("deploy/tools/dockerfile-lint/node_modules/.bin/dockerfile-utils");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " is missing: run scripts/install-deps.sh "
                    + "(npm ci --prefix deploy/tools/dockerfile-lint)");
        }
        return bin;
    }

    /** Every diagnostic (errors and warnings) as "line N: severity: message". */
    public static List<String> lint(Path dockerfile) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(executable().toString(), "lint", "--json", dockerfile.toString())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("linter timed out on " + dockerfile);
        }
        JsonNode diagnostics;
        try {
            diagnostics = new ObjectMapper().readTree(out);
        } catch (IOException e) {
            throw new IllegalStateException("linter output is not JSON: " + out + err, e);
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode d : diagnostics) {
            problems.add("line " + (d.at("/range/start/line").asInt() + 1) + ": " + d.path("severity").asText() + ": "
                    + d.path("message").asText());
        }
        return problems;
    }
}
