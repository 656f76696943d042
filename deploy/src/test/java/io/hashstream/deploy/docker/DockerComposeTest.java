package io.hashstream.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.deploy.JobFacts;
import io.hashstream.deploy.RepositoryFiles;
import io.hashstream.deploy.flink.FlinkOptionKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.hashstream.deploy.demo.DemoFeedCommand;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/** docker/docker-compose.yml wires the real image, topics, settings and entry points together. */
class DockerComposeTest {

    private static Map<String, Object> compose;

    @BeforeAll
    static void load() {
        // SnakeYAML resolves the anchors and merge keys (<<) compose files use.
        compose = new Yaml().load(RepositoryFiles.read("docker/docker-compose.yml"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        Map<String, Object> s = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
        assertThat(s).as("service " + name).isNotNull();
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> env(String service) {
        return (Map<String, Object>) service(service).getOrDefault("environment", Map.of());
    }

    @SuppressWarnings("unchecked")
    static List<String> list(String service, String key) {
        return ((List<Object>) service(service).get(key)).stream().map(String::valueOf).toList();
    }

    static Map<String, String> flinkProperties(String service) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : String.valueOf(env(service).get("FLINK_PROPERTIES")).split("\n")) {
            if (!line.isBlank()) {
                int colon = line.indexOf(':');
                props.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return props;
    }

    @Test
    void kafka_is_a_single_kraft_node_of_the_projects_kafka_version() {
        assertThat(service("kafka").get("image")).isEqualTo("apache/kafka:" + RepositoryFiles.parentPomProperty("kafka.version"));
        assertThat(String.valueOf(env("kafka").get("KAFKA_PROCESS_ROLES"))).isEqualTo("broker,controller");
        assertThat(String.valueOf(env("kafka").get("KAFKA_CONTROLLER_QUORUM_VOTERS"))).isEqualTo("1@kafka:9093");
        assertThat(env("kafka")).containsKeys("KAFKA_TRANSACTION_MAX_TIMEOUT_MS", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR");
        assertThat(service("create-topics").get("image")).isEqualTo(service("kafka").get("image"));
    }

    @Test
    void the_topic_service_creates_the_jobs_topics() {
        List<String> topics = Arrays.stream(String.valueOf(env("create-topics").get("TOPICS")).split("\\s+"))
                .map(spec -> spec.substring(0, spec.indexOf(':'))).toList();
        assertThat(topics).containsExactlyInAnyOrderElementsOf(JobFacts.defaultTopics());
        assertThat(String.join("\n", list("create-topics", "command"))).contains("for spec in $$TOPICS");
    }

    @Test
    void every_flink_container_runs_the_job_image_with_the_same_settings() {
        for (String s : List.of("jobmanager", "taskmanager", "submit-job", "demo-producer")) {
            assertThat(service(s).get("image")).as(s).isEqualTo("hashstream-job:0.1.0");
            @SuppressWarnings("unchecked")
            Map<String, Object> build = (Map<String, Object>) service(s).get("build");
            assertThat(build).as(s).containsEntry("context", "..").containsEntry("dockerfile", "docker/Dockerfile");
        }
        assertThat(flinkProperties("taskmanager")).isEqualTo(flinkProperties("jobmanager")).isEqualTo(flinkProperties("submit-job"));
    }

    @Test
    void flink_properties_are_current_flink_options_or_job_settings() {
        FlinkOptionKeys flink = new FlinkOptionKeys();
        List<String> problems = new ArrayList<>();
        for (String key : flinkProperties("jobmanager").keySet()) {
            if (key.startsWith(JobFacts.FLINK_SETTING_PREFIX)) {
                if (!JobFacts.settingKeys().contains(key.substring(JobFacts.FLINK_SETTING_PREFIX.length()))) {
                    problems.add(key + " is not a job setting");
                }
            } else {
                flink.problem(key).ifPresent(problems::add);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void tensorflow_is_parent_first_its_native_memory_reserved_and_the_model_is_the_images() {
        Map<String, String> p = flinkProperties("taskmanager");
        assertThat(p.get("classloader.parent-first-patterns.additional").split(";")).contains("org.tensorflow.", "org.bytedeco.");
        assertThat(p).containsKeys("taskmanager.memory.task.off-heap.size", "taskmanager.memory.jvm-overhead.min");
        assertThat(DeploymentPaths.repositoryModel(p.get(JobFacts.FLINK_SETTING_PREFIX + "model-dir")).resolve("model-card.json"))
                .as("the model the job is pointed at, in the repository (and so in the image)").isRegularFile();
    }

    @Test
    void the_job_is_submitted_through_the_images_entrypoint_so_the_client_gets_the_flink_properties() {
        // An entrypoint of its own would skip /docker-entrypoint.sh, which writes FLINK_PROPERTIES into
        // conf/config.yaml: the client would then miss hashstream.model-dir and parallelism.default.
        assertThat(service("submit-job")).doesNotContainKey("entrypoint");
        List<String> command = list("submit-job", "command");
        assertThat(command).startsWith("bash", "-c").hasSize(3);
        // It submits the job jar's CLI to the jobmanager, unless the job already runs.
        assertThat(command.get(2)).contains("flink list -r -s -m jobmanager:8081", "grep -q 'hashstream near-duplicates'")
                .contains("exec flink run --detached -Drest.address=jobmanager -Drest.port=8081",
                        "--class io.hashstream.jobs.cli.HashstreamCli /opt/flink/usrlib/hashstream-jobs.jar",
                        "run --bootstrap-servers=kafka:9092");
    }

    @Test
    void no_flink_property_is_one_the_job_overrides() {
        assertThat(JobFacts.flinkKeysTheJobSets()).contains("execution.checkpointing.interval");
        assertThat(flinkProperties("jobmanager").keySet()).doesNotContainAnyElementsOf(JobFacts.flinkKeysTheJobSets());
        assertThat(Long.parseLong(flinkProperties("jobmanager").get(JobFacts.FLINK_SETTING_PREFIX + "checkpoint-interval-ms")))
                .isPositive();
    }

    @Test
    void checkpoints_and_savepoints_live_on_the_flink_state_volume() {
        Map<String, String> p = flinkProperties("jobmanager");
        for (String s : List.of("jobmanager", "taskmanager")) {
            assertThat(list(s, "volumes")).contains("flink-state:/flink-data");
        }
        assertThat(p.get("execution.checkpointing.dir")).startsWith("file:///flink-data/");
        assertThat(p.get("execution.checkpointing.savepoint-dir")).startsWith("file:///flink-data/");
    }

    @Test
    void the_demo_producer_runs_the_deploy_modules_demo_feed_command_with_arguments_it_accepts() {
        List<String> cp = list("demo-producer", "entrypoint");
        assertThat(cp).startsWith("java", "-cp");
        assertThat(cp.get(2).split(":")).contains(DeploymentPaths.IMAGE_JOB_JAR, DeploymentPaths.IMAGE_DEPLOY_JAR);
        List<String> cmd = list("demo-producer", "command");
        assertThat(cmd.get(0)).isEqualTo(DemoFeedCommand.class.getName());
        new CommandLine(new DemoFeedCommand()).parseArgs(cmd.subList(1, cmd.size()).toArray(String[]::new));
    }

    @Test
    void published_ports_and_volumes_are_documented() {
        String readme = RepositoryFiles.read("docker/README.md");
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        for (String name : services.keySet()) {
            Object ports = service(name).get("ports");
            if (ports != null) {
                for (Object port : (List<?>) ports) {
                    assertThat(readme).as("port " + port + " of " + name).contains("`" + port + "`");
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
        volumes.keySet().forEach(v -> assertThat(readme).as("volume " + v).contains("`" + v + "`"));
    }
}
