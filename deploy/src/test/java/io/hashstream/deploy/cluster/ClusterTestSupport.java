package io.hashstream.deploy.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Working directories, topics, committed output and the recovery report of the cluster failure tests. */
final class ClusterTestSupport {

    private ClusterTestSupport() {}

    /** A fresh directory under target/ (not a temporary one: the processes' logs stay for a look after a failure). */
    static Path freshDirectory(String name) throws IOException {
        Path dir = RuntimeClasspath.fromSystemProperty().buildDirectory().resolve(name);
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    static void createTopics(String bootstrap, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String t : topics) {
                // No time retention: the tests stamp records with event times of 2023, and the broker's
                // retention check (first run 30 s after each start) deleted unread input in CI before this.
                newTopics.add(new NewTopic(t, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
            }
            admin.createTopics(newTopics).all().get(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Reads committed records (read_committed) of the topics until {@code done} says so or the timeout
     * passes, then a little longer, so records beyond the expected ones (duplicates) are seen too.
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, List<String> topics,
            java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "10485760");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(topics);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            for (int i = 0; i < 4; i++) {
                c.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Waits until a consumer group's committed offsets reach the end of every partition of a topic. For
     * a Flink Kafka source (offsets committed on checkpoint completion) this means a completed checkpoint
     * covers every input record, so a following stop with {@code --drain} leaves no input unread: the
     * drain stops the source where it is, not at the end of the topic.
     */
    static void awaitConsumedToEnd(String bootstrap, String group, String topic, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(1, TimeUnit.MINUTES)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int i = 0; i < partitions; i++) {
                latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            String behind = "";
            while (System.nanoTime() < deadline) {
                var ends = admin.listOffsets(latest).all().get(1, TimeUnit.MINUTES);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(1, TimeUnit.MINUTES);
                List<String> lagging = new ArrayList<>();
                ends.forEach((tp, end) -> {
                    OffsetAndMetadata c = committed.get(tp);
                    long at = c == null ? 0 : c.offset();
                    if (at < end.offset()) {
                        lagging.add(tp + " at " + at + " of " + end.offset());
                    }
                });
                if (lagging.isEmpty()) {
                    return;
                }
                behind = String.join(", ", lagging);
                Thread.sleep(500);
            }
            throw new IllegalStateException("group " + group + " did not consume " + topic + " to its end: " + behind);
        }
    }

    /** Prints the recovery times and writes them to target/&lt;name&gt;.md. */
    static void report(String name, Map<String, String> times) throws IOException {
        StringBuilder md = new StringBuilder("| event | time |\n|---|---|\n");
        times.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println(name + " recovery times:\n" + md);
        Files.writeString(RuntimeClasspath.fromSystemProperty().buildDirectory().resolve(name + ".md"), md);
    }
}
