package io.hashstream.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** Reads a job's state and checkpoints from the REST API of a {@link LocalFlinkCluster}. */
public final class JobWatch {

    private final LocalFlinkCluster cluster;
    private final String jobId;

    public JobWatch(LocalFlinkCluster cluster, String jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }

    public JsonNode job() {
        return cluster.get("/jobs/" + jobId);
    }

    /** Running, with every subtask of every vertex running. */
    public boolean fullyRunning() {
        JsonNode job = job();
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (v.at("/tasks/RUNNING").asInt() != v.path("parallelism").asInt()) {
                return false;
            }
        }
        return true;
    }

    /** Trigger time (epoch ms) of the latest completed checkpoint, or -1. */
    public long latestCompletedCheckpointTrigger() {
        JsonNode latest = cluster.get("/jobs/" + jobId + "/checkpoints").at("/latest/completed");
        return latest.isMissingNode() || latest.isNull() ? -1 : latest.path("trigger_timestamp").asLong();
    }

    /**
     * Records read and written by every subtask of every vertex, one line per vertex (works for a
     * finished job too): where records stop when a test finds some missing.
     */
    public String recordCounts() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : job().path("vertices")) {
            sb.append(v.path("name").asText()).append(":");
            JsonNode subtasks = cluster.get("/jobs/" + jobId + "/vertices/" + v.path("id").asText()).path("subtasks");
            for (JsonNode st : subtasks) {
                sb.append(" [").append(st.path("subtask").asInt()).append(" in ")
                        .append(st.at("/metrics/read-records").asLong()).append(" out ")
                        .append(st.at("/metrics/write-records").asLong()).append("]");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The resource id of the TaskManager running the first subtask of the job's last vertex. */
    public String taskManagerOfLastVertex() {
        JsonNode vertices = job().path("vertices");
        String vertexId = vertices.get(vertices.size() - 1).path("id").asText();
        JsonNode tms = cluster.get("/jobs/" + jobId + "/vertices/" + vertexId + "/taskmanagers").path("taskmanagers");
        return tms.get(0).path("taskmanager-id").asText();
    }

    /**
     * Waits until a checkpoint triggered after {@code after} has completed, which needs every task
     * running and every sink transaction prepared: the end-to-end mark of a recovered job.
     */
    public Instant awaitCheckpointAfter(Instant after, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String state = job().path("state").asText();
            if (state.equals("FAILED") || state.equals("CANCELED")) {
                throw new IllegalStateException("job " + jobId + " is " + state);
            }
            if (latestCompletedCheckpointTrigger() > after.toEpochMilli()) {
                return Instant.now();
            }
            LocalFlinkCluster.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("no checkpoint completed within " + timeout + " after " + after);
    }

    /** Waits until the job and all its subtasks run. */
    public Instant awaitFullyRunning(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (fullyRunning()) {
                return Instant.now();
            }
            LocalFlinkCluster.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("job " + jobId + " not running within " + timeout + ": " + job().path("state"));
    }
}
