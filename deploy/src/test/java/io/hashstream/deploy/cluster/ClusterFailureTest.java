package io.hashstream.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Failures on a real multi-process cluster while a stream with known near-duplicates flows through an
 * exactly-once Kafka-to-Kafka job ({@link RecoveryProbeJob}): a TaskManager killed with SIGKILL and
 * replaced, the broker process restarted, and a stop with savepoint resumed at another parallelism
 * (keyed state rescaled). Every input must then have exactly one result, none lost or duplicated, equal
 * to the brute-force answer. Recovery times go to target/cluster-recovery.md (measured, never asserted).
 */
class ClusterFailureTest {

    private static final int EVENTS = 2400;
    private static final String IN = "probe-in";
    private static final String OUT = "probe-out";

    @Test
    void every_input_has_exactly_one_correct_result_after_kills_restarts_and_rescaling() throws Exception {
        RuntimeClasspath cp = RuntimeClasspath.fromSystemProperty();
        Path dir = ClusterTestSupport.freshDirectory("cluster-failure-test");
        ProbeFeed feed = ProbeFeed.generate(EVENTS, 40, 7);
        Map<String, String> times = FailureDrill.newTimes();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(cp, dir.resolve("kafka"));
                LocalFlinkCluster cluster = LocalFlinkCluster.start(cp, dir.resolve("flink"), ClusterSettings.forJob(2))) {
            ClusterTestSupport.createTopics(broker.bootstrapServers(), 4, IN, OUT);
            cluster.startTaskManager();
            cluster.startTaskManager();
            FlinkCli cli = new FlinkCli(cluster);
            Path jar = TestJars.jarOf(RecoveryProbeJob.class, dir, List.of(KafkaSource.class, Producer.class));
            FailureDrill.Submitter submitter = (parallelism, savepoint) -> cli.run(new FlinkCli.Submission(jar,
                    RecoveryProbeJob.class.getName(), List.of(broker.bootstrapServers(), IN, OUT), parallelism, savepoint));
            JobWatch job = new JobWatch(cluster, submitter.submit(2, Optional.empty()));
            job.awaitFullyRunning(Duration.ofMinutes(2));

            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (ProbeFeed.Event e : feed.events()) {
                // keyed: each key keeps its order in one partition
                records.add(new ProducerRecord<>(IN, bytes(e.key()), bytes(e.line())));
            }
            PacedProducer producer = new PacedProducer(broker.bootstrapServers(), records, 40);
            producer.start();
            FailureDrill.Outcome outcome = FailureDrill.run(cluster, broker, cli, job, producer, submitter, 3, times);
            assertThat(outcome.resumed().job().at("/vertices/1/parallelism").asInt()).isEqualTo(3);

            producer.awaitSent(EVENTS);
            assertThat(producer.failures()).isEmpty();
            Map<String, List<String>> results = new HashMap<>();
            List<String> duplicates = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : ClusterTestSupport.readCommitted(broker.bootstrapServers(), List.of(OUT),
                    rs -> rs.size() >= EVENTS, Duration.ofMinutes(3))) {
                String[] f = new String(r.value(), StandardCharsets.UTF_8).split("\\|", -1);
                if (results.put(f[0], f[1].isEmpty() ? List.of() : List.of(f[1].split(","))) != null) {
                    duplicates.add(f[0]);
                }
            }
            assertThat(duplicates).as("ids with more than one result").isEmpty();
            Map<String, List<String>> oracle = feed.oracle();
            assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(oracle.keySet());
            assertThat(results).isEqualTo(oracle);
            assertThat(oracle.values().stream().filter(m -> !m.isEmpty()).count()).as("near-duplicates in the feed").isGreaterThan(EVENTS / 10);
        } finally {
            ClusterTestSupport.report("cluster-recovery", times);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
