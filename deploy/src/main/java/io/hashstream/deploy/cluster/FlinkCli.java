package io.hashstream.deploy.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink's command-line client ({@code org.apache.flink.client.cli.CliFrontend}, what {@code bin/flink}
 * runs) in its own JVM against a {@link LocalFlinkCluster}. On Java 17 the client needs
 * {@code --add-opens=java.base/java.util=ALL-UNNAMED} (it reflects into the environment map).
 */
public final class FlinkCli {

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private final LocalFlinkCluster cluster;
    private int calls;

    public FlinkCli(LocalFlinkCluster cluster) {
        this.cluster = cluster;
    }

    /** A job to submit: jar, entry class, program arguments, parallelism, and a savepoint to start from. */
    public record Submission(Path jar, String mainClass, List<String> args, int parallelism, Optional<String> fromSavepoint) {}

    /** {@code flink run --detached}: returns the job id. */
    public String run(Submission s) {
        List<String> args = new ArrayList<>(List.of("run", "--detached", "--parallelism", Integer.toString(s.parallelism()),
                "--class", s.mainClass()));
        s.fromSavepoint().ifPresent(sp -> args.addAll(List.of("--fromSavepoint", sp)));
        args.add(s.jar().toString());
        args.addAll(s.args());
        String out = call(args, Duration.ofMinutes(5));
        Matcher m = JOB_ID.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("flink run printed no job id:\n" + out);
        }
        return m.group(1);
    }

    /** {@code flink stop --savepointPath}: stops the job with a savepoint and returns its path. */
    public String stopWithSavepoint(String jobId) {
        return stopWithSavepoint(jobId, false);
    }

    /**
     * As {@link #stopWithSavepoint(String)}; with {@code drain} ({@code --drain}) the sources first emit
     * the end of event time, so whatever waits for the watermark is answered and committed.
     */
    public String stopWithSavepoint(String jobId, boolean drain) {
        Path dir = cluster.workDir().resolve("savepoints");
        List<String> args = new ArrayList<>(List.of("stop", "--savepointPath", dir.toUri().toString()));
        if (drain) {
            args.add("--drain");
        }
        args.add(jobId);
        String out = call(args, Duration.ofMinutes(5));
        Matcher m = SAVEPOINT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("flink stop printed no savepoint path:\n" + out);
        }
        return m.group(1);
    }

    private String call(List<String> args, Duration timeout) {
        Path log = cluster.workDir().resolve("log/flink-cli-" + (++calls) + ".log");
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(FlinkConf.JAVA17_OPENS);
        jvm.add("-Dlog.file=" + cluster.workDir().resolve("log/flink-cli-" + calls + ".flink.log"));
        jvm.add("-Dlog4j.configurationFile=" + cluster.conf().log4j().toUri());
        JvmProcess p = JvmProcess.start("flink " + args.get(0), cluster.classpath().flink(), jvm,
                "org.apache.flink.client.cli.CliFrontend", args,
                Map.of("FLINK_CONF_DIR", cluster.conf().dir().toString()), log);
        if (!p.await(timeout)) {
            p.kill9();
            throw new IllegalStateException("flink " + String.join(" ", args) + " timed out:\n" + p.tail(40));
        }
        String out;
        try {
            out = Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("flink " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
