package io.hashstream.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-process tooling on a plain job: a JobManager and a TaskManager JVM started as flink-dist
 * would start them, a job jar submitted through the CLI. (The broker process and failures are covered
 * by {@link ClusterFailureTest}.)
 */
class LocalClusterTest {

    @Test
    void a_job_jar_runs_on_a_session_cluster_of_separate_jvms(@TempDir Path dir) throws Exception {
        RuntimeClasspath cp = RuntimeClasspath.fromSystemProperty();
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(cp, dir, Map.of("taskmanager.numberOfTaskSlots", "2"))) {
            JvmProcess tm = cluster.startTaskManager();
            assertThat(tm.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(cluster.registeredTaskManagers()).isEqualTo(1);

            // The TaskManager JVM runs with the heap and direct-memory limits Flink computed for its config.
            FlinkResourceParams expected = FlinkResourceParams.compute(FlinkResourceParams.Role.TASK_MANAGER,
                    cp.flink(), cluster.conf().dir(), dir);
            // /proc/<pid>/cmdline: ProcessHandle.Info gives no arguments for a command line this long.
            List<String> actualArgs = List.of(Files.readString(Path.of("/proc/" + tm.pid() + "/cmdline")).split("\0"));
            assertThat(actualArgs).containsAll(expected.jvmArgs()).containsAll(expected.dynamicProperties());
            assertThat(expected.jvmArgs()).anySatisfy(a -> assertThat(a).startsWith("-XX:MaxDirectMemorySize="));

            long n = 50_000;
            String jobId = new FlinkCli(cluster).run(new FlinkCli.Submission(TestJars.jarOf(KeyedCountJob.class, dir),
                    KeyedCountJob.class.getName(), List.of(Long.toString(n)), 2, Optional.empty()));
            JsonNode job = cluster.awaitRest(Duration.ofMinutes(3), "/jobs/" + jobId,
                    j -> List.of("FINISHED", "FAILED", "CANCELED").contains(j.path("state").asText()));
            assertThat(job.path("state").asText()).isEqualTo("FINISHED");
            long counted = 0;
            for (JsonNode v : job.path("vertices")) {
                counted = Math.max(counted, v.at("/metrics/read-records").asLong());
            }
            assertThat(counted).isEqualTo(n);
        }
    }
}
