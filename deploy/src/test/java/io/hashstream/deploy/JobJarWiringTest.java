package io.hashstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hashstream.deploy.docker.DeploymentPaths;
import io.hashstream.deploy.docker.Dockerfile;
import io.hashstream.deploy.k8s.RenderedManifests;
import io.hashstream.jobs.cli.HashstreamCli;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker/ and k8s/ start the job the jobs module really builds: its cluster jar (name from
 * jobs/pom.xml), its main class (the shade plugin's manifest), and arguments its command line accepts
 * (parsed by the real picocli model of {@link HashstreamCli}).
 */
class JobJarWiringTest {

    static final List<String> DIRS = RenderedManifests.DIRS;

    private static void assertCliAccepts(List<String> args) {
        assertThatCode(() -> new CommandLine(new HashstreamCli()).parseArgs(args.toArray(String[]::new)))
                .as("hashstream %s", args).doesNotThrowAnyException();
    }

    @Test
    void the_main_class_is_the_command_line() {
        assertThat(JobFacts.mainClass()).isEqualTo(HashstreamCli.class.getName());
    }

    @Test
    void the_cli_check_rejects_an_unknown_option() {
        assertThatCode(() -> new CommandLine(new HashstreamCli()).parseArgs("run", "--bootstrap-server=x:1"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void the_images_carry_the_cluster_jar_the_jobs_module_builds(String name) {
        Dockerfile.Copy copy = Dockerfile.parse(RepositoryFiles.read("docker/" + name)).finalStage().copyTo(DeploymentPaths.IMAGE_JOB_JAR);
        assertThat(copy.fromStage()).contains("build");
        assertThat(copy.source()).isEqualTo("/src/jobs/target/" + JobFacts.shadedJarFileName());
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void the_flink_deployment_runs_the_cli_with_arguments_it_accepts(String dir) {
        var job = RenderedManifests.of(dir).flinkDeployment().at("/spec/job");
        assertThat(job.path("entryClass").asText()).isEqualTo(JobFacts.mainClass());
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        assertCliAccepts(args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void compose_submits_the_cli_with_arguments_it_accepts() {
        Map<String, Object> compose = new Yaml().load(RepositoryFiles.read("docker/docker-compose.yml"));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        List<String> command = ((List<Object>) ((Map<String, Object>) services.get("submit-job")).get("command")).stream().map(String::valueOf).toList();
        // bash -c SCRIPT: the words of its `exec flink run ...` command, continuation lines joined
        String script = command.get(command.size() - 1).replace("\\\n", " ");
        String run = script.lines().filter(l -> l.strip().startsWith("exec flink run")).findFirst().orElseThrow();
        List<String> submit = List.of(run.strip().split("\\s+"));
        assertThat(submit.get(submit.indexOf("--class") + 1)).isEqualTo(JobFacts.mainClass());
        int jar = submit.indexOf(DeploymentPaths.IMAGE_JOB_JAR);
        assertThat(jar).isPositive();
        assertCliAccepts(submit.subList(jar + 1, submit.size()));
    }
}
