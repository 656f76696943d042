package io.hashstream.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.deploy.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerfileLintTest {

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void the_dockerfiles_lint_clean(String name) throws Exception {
        assertThat(DockerfileLinter.lint(RepositoryFiles.path("docker/" + name))).isEmpty();
    }

    @Test
    void the_linter_reports_a_broken_dockerfile(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("Dockerfile"), "FROM flink:2.2.1-java17\nEXPOSE http\nCOPY only-one-arg\n");
        assertThat(DockerfileLinter.lint(broken)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("line 2: error"))
                .anySatisfy(p -> assertThat(p).startsWith("line 3: error"));
    }
}
