package io.hashstream.jobs.perf;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job submitted with its jar to a Flink session cluster (e.g. {@code deploy/scripts/local-cluster.sh}):
 * metrics from the cluster's REST API; CPU, RSS and JFR of the TaskManager processes when they run on
 * this machine (found by their main class), heap from their JVM metrics.
 */
final class ClusterTarget implements JobTarget {
    static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final URI rest;
    private final Path jobJar;
    private final Duration metricsLag;

    ClusterTarget(URI rest, Path jobJar) {
        if (!Files.isRegularFile(jobJar)) {
            throw new IllegalArgumentException("no job jar at " + jobJar + " (build it: ./mvnw -pl jobs -am package)");
        }
        this.rest = rest;
        this.jobJar = jobJar.toAbsolutePath();
        this.metricsLag = Duration.ofMillis(2 * fetcherIntervalMillis(rest) + 500);
    }

    /** How often the JobManager refreshes the metrics its REST API serves (Flink's default: 10 s). */
    private static long fetcherIntervalMillis(URI rest) {
        JsonNode config = RestMetrics.get(HttpClient.newHttpClient(), rest, "/jobmanager/config");
        for (JsonNode e : config) {
            if ("metrics.fetcher.update-interval".equals(e.path("key").asText())) {
                String v = e.path("value").asText().trim();
                return v.matches("\\d+") ? Long.parseLong(v) : org.apache.flink.util.TimeUtils.parseDuration(v).toMillis();
            }
        }
        return 10_000;
    }

    @Override
    public String describe() {
        List<Long> pids = TaskManagerProcesses.pids();
        return "Flink session cluster at " + rest + ", job jar " + jobJar.getFileName() + "; CPU, RSS and JFR of the "
                + pids.size() + " TaskManager process(es) on this machine " + pids + ", heap from their JVM metrics; "
                + "REST metrics refreshed every " + (metricsLag.toMillis() - 500) / 2 + " ms";
    }

    @Override
    public StreamExecutionEnvironment environment(Configuration flink) {
        return StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), flink, jobJar.toString());
    }

    @Override
    public JobMetricsView metrics(JobClient job) {
        return new RestMetrics(rest, job.getJobID().toHexString());
    }

    @Override
    public void awaitFreshMetrics() throws InterruptedException {
        Thread.sleep(metricsLag.toMillis());
    }

    @Override
    public UsageWindow measureUsage() {
        return new TaskManagerProcesses.Usage(TaskManagerProcesses.pids(), rest);
    }

    @Override
    public ProfileWindow profile(Path file) {
        return new TaskManagerProcesses.Jfr(TaskManagerProcesses.pids(), file);
    }
}
