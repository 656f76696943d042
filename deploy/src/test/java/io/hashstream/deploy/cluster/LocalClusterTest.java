package io.hashstream.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The multi-process tooling itself: real JVMs for the JobManager, TaskManagers and the broker. */
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

    @Test
    void the_broker_restarts_on_its_log_dir_and_keeps_what_was_written(@TempDir Path dir) {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(RuntimeClasspath.fromSystemProperty(), dir)) {
            long firstPid = broker.process().pid();
            produce(broker.bootstrapServers(), "before", 100);
            broker.restart();
            assertThat(broker.process().pid()).isNotEqualTo(firstPid);
            produce(broker.bootstrapServers(), "after", 100);
            List<String> values = consumeAll(broker.bootstrapServers(), 200);
            assertThat(values).hasSize(200);
            assertThat(values.stream().filter(v -> v.startsWith("before"))).hasSize(100);
        }
    }

    private static void produce(String bootstrap, String prefix, int count) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("t", prefix + i));
            }
            producer.flush();
        }
    }

    private static List<String> consumeAll(String bootstrap, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("t"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
