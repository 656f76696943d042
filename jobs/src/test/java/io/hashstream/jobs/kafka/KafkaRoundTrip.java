package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends {@code n} records through {@link CopyJob} with the given client settings and checks that
 * every one comes out exactly once: creating topics, producing, the job's source and sink and the
 * read-back all use the same {@link KafkaClientSettings}.
 */
final class KafkaRoundTrip {

    private KafkaRoundTrip() {
    }

    static void assertCopies(KafkaClientSettings settings, String name, int n) throws Exception {
        String input = name + "-in";
        String output = name + "-out";
        try (KafkaTopics topics = KafkaTopics.connect(settings)) {
            topics.ensure(KafkaTopics.Spec.of(input, 3), KafkaTopics.Spec.of(output, 2));
        }
        List<String> expected = new ArrayList<>();
        Properties p = settings.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String id = name + "-" + i;
                producer.send(new ProducerRecord<>(input, i % 3, id.getBytes(StandardCharsets.UTF_8),
                        ("value " + i).getBytes(StandardCharsets.UTF_8))).get();
                expected.add("{\"id\":\"" + id + "\",\"value\":\"VALUE " + i + "\"}");
            }
        }
        CopyJob.run(settings, input, output, KafkaSinks.Delivery.exactlyOnce("copy-" + name));
        List<String> written = TopicReader.readValues(settings, output, n, Duration.ofSeconds(30));
        assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
    }
}
