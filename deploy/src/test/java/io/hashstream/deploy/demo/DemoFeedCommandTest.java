package io.hashstream.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.deploy.cluster.KafkaBrokerProcess;
import io.hashstream.deploy.cluster.RuntimeClasspath;
import io.hashstream.event.InputEventJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoFeedCommandTest {

    @Test
    void sends_the_demo_feed_to_a_real_broker(@TempDir Path dir) throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(RuntimeClasspath.fromSystemProperty(), dir)) {
            int exit = new CommandLine(new DemoFeedCommand()).execute("--bootstrap-servers=" + broker.bootstrapServers(),
                    "--topic=images", "--images=6", "--edits-per-image=1", "--rate=200");
            assertThat(exit).isZero();
            List<ConsumerRecord<byte[], byte[]>> records = readAll(broker.bootstrapServers(), "images", 6 + 4 + 3);
            // 6 pictures, one edit of 4 of them, 3 broken events; the pictures parse as JSON image events.
            assertThat(records).hasSize(13);
            InputEventJson json = InputEventJson.withDefaults();
            long parsed = records.stream().filter(r -> {
                try {
                    json.parse(r.value(), 0);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }).count();
            assertThat(parsed).isEqualTo(12);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            c.poll(Duration.ofMillis(1000)).forEach(records::add);
        }
        return records;
    }
}
