package io.hashstream.deploy.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deploy/scripts/local-cluster.sh}: a Kafka broker and a Flink session cluster on this
 * machine, every part its own JVM, optionally with a job submitted; runs until interrupted.
 */
@Command(name = "local-cluster", mixinStandardHelpOptions = true,
        description = "Start a KRaft Kafka broker, a Flink JobManager and TaskManagers as separate JVMs; "
                + "optionally submit a job jar. Ctrl-C stops everything.")
public final class LocalClusterCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "working directory (configuration, logs, checkpoints, Kafka data); default: ${DEFAULT-VALUE}")
    Path dir = Path.of("runs/local-cluster");

    @Option(names = "--taskmanagers", description = "TaskManager JVMs; default: ${DEFAULT-VALUE}")
    int taskManagers = 2;

    @Option(names = "--slots", description = "slots per TaskManager; default: ${DEFAULT-VALUE}")
    int slots = 2;

    @Option(names = {"-D", "--flink"}, description = "extra Flink setting key=value (repeatable)")
    Map<String, String> flinkSettings = new LinkedHashMap<>();

    @Option(names = "--jar", description = "job jar to submit once the cluster is up")
    Optional<Path> jar;

    @Option(names = "--class", description = "entry class of the job jar")
    Optional<String> mainClass;

    @Option(names = "--parallelism", description = "job parallelism; default: ${DEFAULT-VALUE}")
    int parallelism = 2;

    @Parameters(description = "job arguments; the text {bootstrap} is replaced by the broker's address")
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Path work = dir.toAbsolutePath();
        RuntimeClasspath cp = RuntimeClasspath.fromSystemProperty();
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(cp, work.resolve("kafka-" + System.currentTimeMillis()));
        Map<String, String> settings = new LinkedHashMap<>(ClusterSettings.forJob(slots));
        settings.putAll(flinkSettings);
        LocalFlinkCluster cluster = LocalFlinkCluster.start(cp, work.resolve("flink-" + System.currentTimeMillis()), settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            broker.close();
            stopped.countDown();
        }, "local-cluster-shutdown"));
        for (int i = 0; i < taskManagers; i++) {
            cluster.startTaskManager();
        }
        System.out.printf("Kafka bootstrap servers: %s%nFlink REST / web UI:     %s%nlogs:                    %s%n",
                broker.bootstrapServers(), cluster.restUrl(), cluster.workDir().resolve("log"));
        if (jar.isPresent()) {
            List<String> args = jobArgs.stream().map(a -> a.replace("{bootstrap}", broker.bootstrapServers())).toList();
            String jobId = new FlinkCli(cluster).run(new FlinkCli.Submission(jar.get().toAbsolutePath(),
                    mainClass.orElseThrow(() -> new CommandLine.ParameterException(new CommandLine(this), "--class is required with --jar")),
                    args, parallelism, Optional.empty()));
            System.out.printf("job submitted: %s/#/job/running/%s%n", cluster.restUrl(), jobId);
        }
        System.out.println("running; Ctrl-C stops the cluster and the broker");
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalClusterCommand()).execute(args));
    }
}
