package io.hashstream.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Failures on a real multi-process cluster while a stream with known near-duplicates flows through an
 * exactly-once Kafka-to-Kafka job: a TaskManager killed with SIGKILL and replaced, the broker process
 * restarted, and a stop with savepoint resumed at another parallelism (keyed state rescaled). Every
 * input must then have exactly one result, none lost or duplicated, equal to the brute-force answer.
 * Recovery times are printed and written to target/cluster-recovery.md (measured, never asserted).
 */
class ClusterFailureTest {

    private static final int EVENTS = 2400;
    private static final int EVENTS_PER_SECOND = 40;
    private static final String IN = "probe-in";
    private static final String OUT = "probe-out";

    @Test
    void every_input_has_exactly_one_correct_result_after_kills_restarts_and_rescaling() throws Exception {
        RuntimeClasspath cp = RuntimeClasspath.fromSystemProperty();
        // Under target/, not a temporary directory: the processes' logs stay for a look after a failure.
        Path dir = cp.buildDirectory().resolve("cluster-failure-test");
        deleteRecursively(dir);
        ProbeFeed feed = ProbeFeed.generate(EVENTS, 40, 7);
        Map<String, String> recovery = new LinkedHashMap<>();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(cp, dir.resolve("kafka"));
                LocalFlinkCluster cluster = LocalFlinkCluster.start(cp, dir.resolve("flink"), ClusterSettings.forJob(2))) {
            createTopics(broker.bootstrapServers());
            cluster.startTaskManager();
            cluster.startTaskManager();
            FlinkCli cli = new FlinkCli(cluster);
            Path jar = TestJars.jarOf(RecoveryProbeJob.class, dir, List.of(KafkaSource.class, Producer.class));
            List<String> args = List.of(broker.bootstrapServers(), IN, OUT);
            JobWatch job = new JobWatch(cluster, cli.run(new FlinkCli.Submission(jar, RecoveryProbeJob.class.getName(), args, 2, Optional.empty())));
            job.awaitFullyRunning(Duration.ofMinutes(2));

            FeedProducer producer = new FeedProducer(broker.bootstrapServers(), feed);
            producer.start();

            // 1. SIGKILL the TaskManager running the sink's first subtask; start a replacement.
            producer.awaitSent(EVENTS / 5);
            job.awaitCheckpointAfter(Instant.now(), Duration.ofMinutes(2));
            String victim = job.taskManagerOfLastVertex();
            Instant killed = Instant.now();
            cluster.taskManager(victim).kill9();
            // The job recovers on the remaining slots while the replacement JVM starts.
            CompletableFuture<Instant> replaced = CompletableFuture.supplyAsync(() -> {
                cluster.startTaskManager();
                return Instant.now();
            });
            Instant recovered = job.awaitCheckpointAfter(killed, Duration.ofMinutes(3));
            recovery.put("TaskManager kill -9: replacement registered", seconds(killed, replaced.get(3, TimeUnit.MINUTES)));
            recovery.put("TaskManager kill -9: first checkpoint completed after the kill", seconds(killed, recovered));

            // 2. Restart the broker process (SIGTERM, start on the same log dir).
            producer.awaitSent(EVENTS * 9 / 20);
            Instant brokerDown = Instant.now();
            Duration restart = broker.restart();
            Instant brokerUp = brokerDown.plus(restart);
            Instant afterBroker = job.awaitCheckpointAfter(brokerUp, Duration.ofMinutes(3));
            recovery.put("broker restart: process stopped and ready again", seconds(brokerDown, brokerUp));
            recovery.put("broker restart: first checkpoint completed after the broker was back", seconds(brokerUp, afterBroker));

            // 3. Stop with a savepoint; resume from it with parallelism 3 (the keyed state is redistributed).
            producer.awaitSent(EVENTS * 7 / 10);
            Instant stopping = Instant.now();
            String savepoint = cli.stopWithSavepoint(job.jobId());
            Instant stopped = Instant.now();
            JobWatch resumed = new JobWatch(cluster, cli.run(new FlinkCli.Submission(jar, RecoveryProbeJob.class.getName(), args, 3, Optional.of(savepoint))));
            Instant running = resumed.awaitFullyRunning(Duration.ofMinutes(2));
            Instant firstCheckpoint = resumed.awaitCheckpointAfter(running, Duration.ofMinutes(2));
            assertThat(resumed.job().at("/vertices/1/parallelism").asInt()).isEqualTo(3);
            recovery.put("stop with savepoint", seconds(stopping, stopped));
            recovery.put("resume at parallelism 3: all subtasks running after the stop", seconds(stopped, running));
            recovery.put("resume at parallelism 3: first checkpoint completed", seconds(stopped, firstCheckpoint));

            producer.awaitSent(EVENTS);
            assertThat(producer.failures()).isEmpty();
            Map<String, List<String>> results = readResults(broker.bootstrapServers(), EVENTS, Duration.ofMinutes(3));

            Map<String, List<String>> oracle = feed.oracle();
            assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(oracle.keySet());
            assertThat(results).isEqualTo(oracle);
            assertThat(oracle.values().stream().filter(m -> !m.isEmpty()).count()).as("near-duplicates in the feed").isGreaterThan(EVENTS / 10);
        } finally {
            report(recovery);
        }
    }

    /** Reads committed results until {@code expected} distinct ids are in; a duplicate id fails at once. */
    private static Map<String, List<String>> readResults(String bootstrap, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "verify");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<String>> results = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(OUT));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (results.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    String[] f = r.value().split("\\|", -1);
                    List<String> matches = f[1].isEmpty() ? List.of() : List.of(f[1].split(","));
                    if (results.put(f[0], matches) != null) {
                        duplicates.add(f[0]);
                    }
                }
            }
            // Anything after the last expected result would be a duplicate too: drain a little longer.
            for (int i = 0; i < 4; i++) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    duplicates.add(r.value().split("\\|", -1)[0]);
                }
            }
        }
        assertThat(duplicates).as("ids with more than one result").isEmpty();
        return results;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(IN, 4, (short) 1), new NewTopic(OUT, 4, (short) 1))).all().get(1, TimeUnit.MINUTES);
        }
    }

    private static String seconds(Instant from, Instant to) {
        return String.format("%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    private static void report(Map<String, String> recovery) throws IOException {
        StringBuilder md = new StringBuilder("| event | time |\n|---|---|\n");
        recovery.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println("cluster recovery times:\n" + md);
        Path out = Path.of(System.getProperty(RuntimeClasspath.BUILD_DIR_PROPERTY), "cluster-recovery.md");
        Files.writeString(out, md);
    }

    /** Sends the feed at a steady rate, keyed so each key keeps its order in one partition. */
    private static final class FeedProducer extends Thread {
        private final KafkaProducer<String, String> producer;
        private final ProbeFeed feed;
        private final AtomicInteger sent = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        FeedProducer(String bootstrap, ProbeFeed feed) {
            super("feed-producer");
            setDaemon(true);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            // Rides out the broker restart: sends wait and retry instead of failing.
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            this.feed = feed;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try {
                for (int i = 0; i < feed.events().size(); i++) {
                    ProbeFeed.Event e = feed.events().get(i);
                    producer.send(new ProducerRecord<>(IN, e.key(), e.line()), (md, ex) -> {
                        if (ex != null) {
                            failures.add(e.id() + ": " + ex);
                        }
                    });
                    sent.incrementAndGet();
                    long due = start + (i + 1) * 1_000_000_000L / EVENTS_PER_SECOND;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.flush();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } finally {
                producer.close(Duration.ofSeconds(30));
            }
        }

        void awaitSent(int count) throws InterruptedException {
            while (sent.get() < count) {
                if (!isAlive() && sent.get() < count) {
                    throw new IllegalStateException("the producer stopped after " + sent.get() + " events");
                }
                Thread.sleep(50);
            }
            if (count >= feed.events().size()) {
                join(Duration.ofMinutes(5).toMillis());
            }
        }

        List<String> failures() {
            return List.copyOf(failures);
        }
    }
}
