package io.hashstream.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A standalone Flink session cluster on this machine, each part its own JVM as flink-dist's scripts
 * would start it: {@code StandaloneSessionClusterEntrypoint} and {@code TaskManagerRunner}s, with the
 * memory flags and derived settings {@link FlinkResourceParams} computes.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    public static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    public static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuntimeClasspath classpath;
    private final Path workDir;
    private final FlinkConf conf;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private JvmProcess jobManager;
    private final List<JvmProcess> taskManagers = new CopyOnWriteArrayList<>();
    private final AtomicInteger taskManagersStarted = new AtomicInteger();

    private LocalFlinkCluster(RuntimeClasspath classpath, Path workDir, FlinkConf conf, int restPort) {
        this.classpath = classpath;
        this.workDir = workDir;
        this.conf = conf;
        this.restPort = restPort;
    }

    /**
     * Writes the configuration (the given settings over loopback addresses, free ports and
     * checkpoint/savepoint directories under {@code workDir}) and starts the JobManager.
     */
    public static LocalFlinkCluster start(RuntimeClasspath classpath, Path workDir, Map<String, String> settings) {
        int restPort = FreePorts.next();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "localhost");
        c.put("jobmanager.rpc.port", Integer.toString(FreePorts.next()));
        c.put("jobmanager.bind-host", "localhost");
        c.put("rest.address", "localhost");
        c.put("rest.bind-address", "localhost");
        c.put("rest.port", Integer.toString(restPort));
        c.put("taskmanager.host", "localhost");
        c.put("taskmanager.bind-host", "localhost");
        c.put("jobmanager.memory.process.size", "1g");
        c.put("taskmanager.memory.process.size", "2g");
        c.put("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", workDir.resolve("savepoints").toUri().toString());
        c.put("io.tmp.dirs", workDir.resolve("tmp").toString());
        c.putAll(settings);
        FlinkConf conf = FlinkConf.write(workDir.resolve("conf"), c);
        LocalFlinkCluster cluster = new LocalFlinkCluster(classpath, workDir, conf, restPort);
        cluster.startJobManager();
        return cluster;
    }

    private void startJobManager() {
        FlinkResourceParams p = FlinkResourceParams.compute(FlinkResourceParams.Role.JOB_MANAGER, classpath.flink(), conf.dir(), workDir);
        List<String> args = new ArrayList<>(List.of("--configDir", conf.dir().toString()));
        args.addAll(p.dynamicProperties());
        jobManager = JvmProcess.start("jobmanager", classpath.flink(), jvmArgs(p, "jobmanager"), JOB_MANAGER_MAIN,
                args, Map.of("FLINK_CONF_DIR", conf.dir().toString()), workDir.resolve("log/jobmanager.log"));
        awaitRest(Duration.ofMinutes(2), "/overview", n -> n.has("taskmanagers"));
    }

    /** Starts one more TaskManager JVM and waits until the JobManager has registered it (thread-safe). */
    public JvmProcess startTaskManager() {
        FlinkResourceParams p = FlinkResourceParams.compute(FlinkResourceParams.Role.TASK_MANAGER, classpath.flink(), conf.dir(), workDir);
        String name = "taskmanager-" + taskManagersStarted.incrementAndGet();
        List<String> args = new ArrayList<>(List.of("--configDir", conf.dir().toString()));
        args.addAll(p.dynamicProperties());
        // The REST API then names this TaskManager as we do, so a test can find the JVM behind a task.
        args.addAll(List.of("-D", "taskmanager.resource-id=" + name));
        JvmProcess tm = JvmProcess.start(name, classpath.flink(), jvmArgs(p, name), TASK_MANAGER_MAIN, args,
                Map.of("FLINK_CONF_DIR", conf.dir().toString(), "TF_CPP_MIN_LOG_LEVEL", "2"),
                workDir.resolve("log/" + name + ".log"));
        taskManagers.add(tm);
        // A killed TaskManager stays registered until its heartbeat times out: wait for this one by id.
        awaitRest(Duration.ofMinutes(2), "/taskmanagers", n -> {
            for (JsonNode t : n.path("taskmanagers")) {
                if (name.equals(t.path("id").asText())) {
                    return true;
                }
            }
            return false;
        });
        return tm;
    }

    private List<String> jvmArgs(FlinkResourceParams p, String logName) {
        List<String> args = new ArrayList<>(p.jvmArgs());
        args.addAll(FlinkConf.JAVA17_OPENS);
        args.add("-XX:+UseG1GC");
        args.add("-Dlog.file=" + workDir.resolve("log/" + logName + ".flink.log"));
        args.add("-Dlog4j.configurationFile=" + conf.log4j().toUri());
        return args;
    }

    /** The running TaskManager with this resource id (its name). */
    public JvmProcess taskManager(String resourceId) {
        return taskManagers().stream().filter(tm -> tm.name().equals(resourceId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running TaskManager " + resourceId));
    }

    /** The TaskManagers started and still running. */
    public List<JvmProcess> taskManagers() {
        return taskManagers.stream().filter(JvmProcess::isAlive).toList();
    }

    public int registeredTaskManagers() {
        return get("/overview").path("taskmanagers").asInt();
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    public FlinkConf conf() {
        return conf;
    }

    public Path workDir() {
        return workDir;
    }

    public RuntimeClasspath classpath() {
        return classpath;
    }

    /** GET on the REST API, as JSON. */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a REST path until the condition holds; fails with the JobManager's log tail otherwise. */
    public JsonNode awaitRest(Duration timeout, String path, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            if (jobManager != null && !jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited:\n" + jobManager.tail(60));
            }
            try {
                JsonNode n = get(path);
                if (condition.test(n)) {
                    return n;
                }
                last = n.toString();
            } catch (IllegalStateException e) {
                last = e.getMessage();
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("timed out waiting on " + path + " (last: " + last + ")\n"
                + (jobManager == null ? "" : jobManager.tail(40)));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (JvmProcess tm : taskManagers) {
            tm.close();
        }
        if (jobManager != null) {
            jobManager.close();
        }
    }
}
