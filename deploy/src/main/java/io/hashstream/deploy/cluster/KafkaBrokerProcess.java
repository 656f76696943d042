package io.hashstream.deploy.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), in its own JVM:
 * {@code kafka.tools.StorageTool format} once, then {@code kafka.Kafka server.properties}, as
 * kafka-storage.sh and kafka-server-start.sh would. Restarts keep the log directory and the port.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final RuntimeClasspath classpath;
    private final Path workDir;
    private final Path properties;
    private final int port;
    private JvmProcess process;
    private int starts;

    private KafkaBrokerProcess(RuntimeClasspath classpath, Path workDir, Path properties, int port) {
        this.classpath = classpath;
        this.workDir = workDir;
        this.properties = properties;
        this.port = port;
    }

    public static KafkaBrokerProcess start(RuntimeClasspath classpath, Path workDir) {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Path logDir = workDir.resolve("kafka-logs");
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "4");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Stated on purpose: the job's exactly-once sink keeps its transaction timeout below this.
        p.setProperty("transaction.max.timeout.ms", "900000");
        p.setProperty("message.max.bytes", "10485760");
        Path props = workDir.resolve("kafka/server.properties");
        try {
            Files.createDirectories(props.getParent());
            try (var out = Files.newBufferedWriter(props)) {
                p.store(out, "single-node KRaft broker for the local cluster");
            }
            Files.writeString(workDir.resolve("kafka/log4j2.properties"), """
                    rootLogger.level = INFO
                    rootLogger.appenderRef.out.ref = out
                    appender.out.type = Console
                    appender.out.name = out
                    appender.out.layout.type = PatternLayout
                    appender.out.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
                    logger.kafka.name = kafka
                    logger.kafka.level = WARN
                    logger.apache.name = org.apache.kafka
                    logger.apache.level = WARN
                    logger.server.name = kafka.server.KafkaRaftServer
                    logger.server.level = INFO
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBrokerProcess broker = new KafkaBrokerProcess(classpath, workDir, props, port);
        broker.format();
        broker.startProcess();
        return broker;
    }

    private void format() {
        JvmProcess f = JvmProcess.start("kafka-storage format", classpath.kafka(), List.of("-Xmx256m", log4jFlag()),
                "kafka.tools.StorageTool",
                List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString()),
                Map.of(), workDir.resolve("log/kafka-storage.log"));
        if (!f.await(Duration.ofMinutes(2)) || f.exitValue() != 0) {
            throw new IllegalStateException("formatting the Kafka log dir failed:\n" + f.tail(30));
        }
    }

    private String log4jFlag() {
        return "-Dlog4j2.configurationFile=" + workDir.resolve("kafka/log4j2.properties").toUri();
    }

    private void startProcess() {
        starts++;
        process = JvmProcess.start("kafka", classpath.kafka(), List.of("-Xmx768m", "-Xms768m", "-XX:+UseG1GC", log4jFlag()),
                "kafka.Kafka", List.of(properties.toString()), Map.of(), workDir.resolve("log/kafka.log"));
        awaitReady(Duration.ofMinutes(2));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited:\n" + process.tail(40));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            LocalFlinkCluster.sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException("the Kafka broker did not become ready: " + last + "\n" + process.tail(40));
    }

    /** Stops the broker process (SIGTERM, a clean shutdown) and starts it again on the same log dir. */
    public Duration restart() {
        Instant t0 = Instant.now();
        process.stop(Duration.ofSeconds(60));
        startProcess();
        return Duration.between(t0, Instant.now());
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public JvmProcess process() {
        return process;
    }

    public int starts() {
        return starts;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
