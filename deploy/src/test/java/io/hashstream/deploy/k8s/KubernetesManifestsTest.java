package io.hashstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hashstream.deploy.JobFacts;
import io.hashstream.deploy.RepositoryFiles;
import io.hashstream.deploy.docker.DeploymentPaths;
import io.hashstream.deploy.flink.FlinkOptionKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The Kubernetes manifests, rendered like kustomize, validated offline and checked against the job. */
class KubernetesManifestsTest {

    static final List<String> DIRS = RenderedManifests.DIRS;
    private static ManifestValidator validator;

    @BeforeAll
    static void loadSchemas() {
        validator = new ManifestValidator(CrdSchemaCatalog.load(RepositoryFiles.k8sSchemas()));
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void every_rendered_object_is_valid(String dir) {
        RenderedManifests m = RenderedManifests.of(dir);
        assertThat(m.objects()).hasSizeGreaterThan(8);
        List<String> problems = new ArrayList<>();
        m.objects().forEach(o -> problems.addAll(validator.problems(o)));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void objects_are_unique_and_namespaced(String dir) {
        RenderedManifests m = RenderedManifests.of(dir);
        Set<String> ids = new HashSet<>();
        for (ObjectNode o : m.objects()) {
            String id = o.path("apiVersion").asText() + " " + o.path("kind").asText() + " " + o.at("/metadata/name").asText();
            assertThat(ids.add(id)).as("duplicate %s", id).isTrue();
            if (!"Namespace".equals(o.path("kind").asText())) {
                assertThat(o.at("/metadata/namespace").asText()).as(id).isEqualTo(m.one("Namespace").at("/metadata/name").asText());
            }
        }
    }

    @Test
    void every_base_file_is_a_kustomize_resource() throws IOException {
        Path base = RepositoryFiles.path("k8s/base");
        JsonNode k = Kustomization.readAll(base.resolve("kustomization.yaml")).get(0);
        Set<String> listed = new HashSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(base)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .filter(f -> !f.equals("kustomization.yaml"))).allMatch(listed::contains);
        }
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void flink_deployment_runs_the_shaded_job_with_savepoint_upgrades(String dir) {
        ObjectNode fd = RenderedManifests.of(dir).flinkDeployment();
        String flinkVersion = RepositoryFiles.parentPomProperty("flink.version");
        String[] v = flinkVersion.split("\\.");
        assertThat(fd.at("/spec/flinkVersion").asText()).isEqualTo("v" + v[0] + "_" + v[1]);
        assertThat(fd.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(fd.at("/spec/job/jarURI").asText()).isEqualTo("local://" + DeploymentPaths.IMAGE_JOB_JAR);
        assertThat(fd.at("/spec/job/parallelism").asInt()).isPositive();

        JsonNode conf = fd.at("/spec/flinkConfiguration");
        assertThat(conf.path("execution.checkpointing.dir").asText()).startsWith("file:///flink-data/");
        assertThat(conf.path("execution.checkpointing.savepoint-dir").asText()).startsWith("file:///flink-data/");
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.path("high-availability.storageDir").asText()).startsWith("file:///flink-data/");
        assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(conf.path("classloader.parent-first-patterns.additional").asText().split(";"))
                .contains("org.tensorflow.", "org.bytedeco.");
        assertThat(conf.path("taskmanager.memory.task.off-heap.size").asText()).isNotBlank();

        for (String role : List.of("jobManager", "taskManager")) {
            assertThat(fd.at("/spec/" + role + "/resource/cpu").asDouble()).as(role).isPositive();
            assertThat(fd.at("/spec/" + role + "/resource/memory").asText()).as(role).isNotBlank();
            JsonNode main = RenderedManifests.container(fd.at("/spec/" + role + "/podTemplate"), "flink-main-container");
            assertThat(main.has("livenessProbe")).as(role + " liveness probe").isTrue();
        }
        JsonNode jmMain = RenderedManifests.container(fd.at("/spec/jobManager/podTemplate"), "flink-main-container");
        assertThat(jmMain.has("readinessProbe")).isTrue();
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void no_flink_configuration_key_is_one_the_job_overrides(String dir) {
        JsonNode conf = RenderedManifests.of(dir).flinkDeployment().at("/spec/flinkConfiguration");
        List<String> keys = new ArrayList<>();
        conf.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).doesNotContainAnyElementsOf(JobFacts.flinkKeysTheJobSets());
        assertThat(Long.parseLong(conf.path(JobFacts.FLINK_SETTING_PREFIX + "checkpoint-interval-ms").asText())).isPositive();
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void pod_templates_leave_the_ports_flink_adds_to_flink(String dir) {
        // Flink's decorators append these container ports (kubernetes Constants: REST_PORT_NAME,
        // JOB_MANAGER_RPC_PORT_NAME, BLOB_SERVER_PORT_NAME, TASK_MANAGER_RPC_PORT_NAME) to the pod
        // template's; a second port of the same name makes Kubernetes refuse the pod.
        ObjectNode fd = RenderedManifests.of(dir).flinkDeployment();
        for (String role : List.of("jobManager", "taskManager")) {
            JsonNode main = RenderedManifests.container(fd.at("/spec/" + role + "/podTemplate"), "flink-main-container");
            List<String> names = new ArrayList<>();
            main.path("ports").forEach(p -> names.add(p.path("name").asText()));
            assertThat(names).as(role).doesNotContainAnyElementsOf(
                    List.of("rest", "jobmanager-rpc", "blobserver", "taskmanager-rpc")).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void flink_configuration_keys_are_current_flink_options_or_job_settings(String dir) {
        FlinkOptionKeys flink = new FlinkOptionKeys();
        List<String> problems = new ArrayList<>();
        RenderedManifests.of(dir).flinkDeployment().at("/spec/flinkConfiguration").fieldNames().forEachRemaining(key -> {
            if (key.startsWith(JobFacts.FLINK_SETTING_PREFIX)) {
                if (!JobFacts.settingKeys().contains(key.substring(JobFacts.FLINK_SETTING_PREFIX.length()))) {
                    problems.add(key + " is not a job setting (JobConfig.KEYS)");
                }
            } else {
                flink.problem(key).ifPresent(problems::add);
            }
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void the_model_volume_is_mounted_where_the_job_reads_its_model(String dir) {
        RenderedManifests m = RenderedManifests.of(dir);
        ObjectNode fd = m.flinkDeployment();
        String modelDir = fd.at("/spec/flinkConfiguration").path(JobFacts.FLINK_SETTING_PREFIX + "model-dir").asText();
        JsonNode main = RenderedManifests.container(fd.at("/spec/podTemplate"), "flink-main-container");
        String claim = claimOf(fd.at("/spec/podTemplate/spec/volumes"), mountNamed(main, modelDir).path("name").asText());
        // The publishing Job copies the image's models onto the claim, so the model must be in the image.
        assertThat(DeploymentPaths.repositoryModel(modelDir).resolve("model-card.json")).isRegularFile();

        // The publishing Job fills the same claim from the image's model directory.
        ObjectNode publish = m.named("Job", "hashstream-model-publish");
        JsonNode pod = publish.at("/spec/template");
        JsonNode publisher = pod.at("/spec/containers/0");
        assertThat(claimOf(pod.at("/spec/volumes"), publisher.at("/volumeMounts/0/name").asText())).isEqualTo(claim);
        assertThat(publisher.path("image").asText()).isEqualTo(fd.at("/spec/image").asText());
        // Its template (the image) cannot change once created: it must go away after it ran, or the
        // next apply with a new image fails on it.
        assertThat(publish.at("/spec/ttlSecondsAfterFinished").asInt(-1)).isBetween(0, 3600);
        assertThat(m.named("PersistentVolumeClaim", claim).at("/spec/accessModes").toString()).contains("ReadWriteMany");

        // Flink's pods wait for the marker the Job writes after its copy, on the same claim, in the same image.
        JsonNode wait = fd.at("/spec/podTemplate/spec/initContainers/0");
        assertThat(wait.path("name").asText()).isEqualTo("wait-for-models");
        assertThat(wait.path("image").asText()).isEqualTo(fd.at("/spec/image").asText());
        String waitMount = wait.at("/volumeMounts/0/mountPath").asText();
        assertThat(claimOf(fd.at("/spec/podTemplate/spec/volumes"), wait.at("/volumeMounts/0/name").asText())).isEqualTo(claim);
        // not over the image's own models, which say what to wait for
        assertThat(waitMount).isNotEqualTo("/opt/hashstream/models");
        String publishMount = publisher.at("/volumeMounts/0/mountPath").asText();
        assertThat(publisher.at("/command/2").asText())
                .contains("for d in /opt/hashstream/models/*/; do touch \"" + publishMount + "/.published-$(basename \"$d\")\"; done");
        assertThat(wait.at("/command/2").asText()).contains("for d in /opt/hashstream/models/*/;")
                .contains("[ -f \"" + waitMount + "/.published-$m\" ]");
    }

    @ParameterizedTest
    @FieldSource("DIRS")
    void checkpoints_outlive_a_cancelled_job(String dir) {
        JsonNode conf = RenderedManifests.of(dir).flinkDeployment().at("/spec/flinkConfiguration");
        assertThat(conf.path("execution.checkpointing.externalized-checkpoint-retention").asText()).isEqualTo("RETAIN_ON_CANCELLATION");
    }

    @Test
    void kafka_runs_in_kraft_mode_on_a_node_pool_with_the_projects_kafka_version() {
        RenderedManifests m = RenderedManifests.of("k8s/base");
        ObjectNode kafka = m.one("Kafka");
        String cluster = kafka.at("/metadata/name").asText();
        assertThat(kafka.at("/spec/kafka/version").asText()).isEqualTo(RepositoryFiles.parentPomProperty("kafka.version"));
        assertThat(kafka.at("/spec/kafka/config/transaction.max.timeout.ms").asLong()).isPositive();
        assertThat(kafka.has("zookeeper")).isFalse();
        ObjectNode pool = m.one("KafkaNodePool");
        assertThat(pool.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(cluster);
        assertThat(pool.at("/spec/roles").toString()).contains("controller", "broker");
        for (ObjectNode topic : m.ofKind("KafkaTopic")) {
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(cluster);
        }
    }

    @Test
    void the_topics_are_the_ones_the_job_uses() {
        RenderedManifests m = RenderedManifests.of("k8s/base");
        JsonNode conf = m.flinkDeployment().at("/spec/flinkConfiguration");
        var d = JobFacts.defaults();
        Map<String, String> configured = Map.of(
                "images-topic", d.imagesTopic(), "results-topic", d.resultsTopic(), "dead-letters-topic", d.deadLettersTopic());
        Set<String> jobTopics = new HashSet<>();
        configured.forEach((key, dflt) -> jobTopics.add(conf.path(JobFacts.FLINK_SETTING_PREFIX + key).asText(dflt)));
        Set<String> declared = new HashSet<>();
        for (ObjectNode t : m.ofKind("KafkaTopic")) {
            declared.add(t.at("/spec/topicName").asText(t.at("/metadata/name").asText()));
        }
        assertThat(declared).isEqualTo(jobTopics);
    }

    @Test
    void only_the_gpu_overlay_requests_gpus_one_per_single_slot_taskmanager() {
        ObjectNode gpu = RenderedManifests.of("k8s/overlays/gpu").flinkDeployment();
        JsonNode tm = RenderedManifests.container(gpu.at("/spec/taskManager/podTemplate"), "flink-main-container");
        assertThat(tm.at("/resources/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
        assertThat(gpu.at("/spec/flinkConfiguration/taskmanager.numberOfTaskSlots").asText()).isEqualTo("1");
        assertThat(gpu.at("/spec/image").asText()).endsWith("-gpu");
        JsonNode jm = RenderedManifests.container(gpu.at("/spec/jobManager/podTemplate"), "flink-main-container");
        assertThat(jm.at("/resources/limits").has("nvidia.com/gpu")).isFalse();

        for (String dir : List.of("k8s/base", "k8s/overlays/cpu")) {
            assertThat(RenderedManifests.of(dir).flinkDeployment().toString()).doesNotContain("nvidia.com/gpu");
        }
    }

    private static JsonNode mountNamed(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (path.startsWith(mount.path("mountPath").asText() + "/")) {
                return mount;
            }
        }
        throw new AssertionError("no volume mounted above " + path + " in " + container);
    }

    private static String claimOf(JsonNode volumes, String volumeName) {
        for (JsonNode v : volumes) {
            if (volumeName.equals(v.path("name").asText())) {
                return v.at("/persistentVolumeClaim/claimName").asText();
            }
        }
        throw new AssertionError("no volume " + volumeName);
    }
}
