package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker broker;
    private static KafkaClientSettings settings;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        settings = KafkaClientSettings.of(broker.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void createsTopicsOnceWithTheRequestedPartitions() {
        try (KafkaTopics topics = KafkaTopics.connect(settings)) {
            List<String> created = topics.ensure(KafkaTopics.Spec.of("a", 3), KafkaTopics.Spec.of("b", 1));
            assertThat(created).containsExactly("a", "b");
            assertThat(topics.ensure(KafkaTopics.Spec.of("a", 3))).isEmpty();
            assertThat(topics.partitions(List.of("a", "b"))).containsEntry("a", 3).containsEntry("b", 1);
            assertThat(topics.list()).contains("a", "b");
        }
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefusedBeforeTheJobRuns() {
        try (KafkaTopics topics = KafkaTopics.connect(settings)) {
            java.time.Duration max = topics.transactionMaxTimeout().orElseThrow();
            assertThat(max).isEqualTo(EmbeddedKafkaBroker.TRANSACTION_MAX_TIMEOUT);
            KafkaSinks.Delivery.exactlyOnce("hashstream").withTransactionTimeout(max).checkAgainstBrokers(max);
            KafkaSinks.Delivery.atLeastOnce().withTransactionTimeout(max.plusMinutes(1)).checkAgainstBrokers(max);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaSinks.Delivery.exactlyOnce("hashstream")
                            .withTransactionTimeout(max.plusMinutes(1)).checkAgainstBrokers(max))
                    .hasMessageContaining("above the brokers' transaction.max.timeout.ms");
        }
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnly() throws Exception {
        try (KafkaTopics topics = KafkaTopics.connect(settings)) {
            topics.ensure(KafkaTopics.Spec.of("tx", 2));
        }
        Properties p = settings.clientProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-test");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record("aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(record("committed-1"));
            producer.send(record("committed-2"));
            producer.commitTransaction();
        }
        List<String> seen = TopicReader.readValues(settings, "tx", 2, Duration.ofSeconds(30));
        assertThat(seen).containsExactlyInAnyOrder("committed-1", "committed-2");
    }

    @Test
    void deletesItsDirectoryOnClose() {
        Path dir;
        try (EmbeddedKafkaBroker other = EmbeddedKafkaBroker.start()) {
            dir = other.directory();
            assertThat(Files.isDirectory(dir)).isTrue();
            assertThat(other.bootstrapServers()).isNotEqualTo(broker.bootstrapServers());
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    private static ProducerRecord<byte[], byte[]> record(String value) {
        return new ProducerRecord<>("tx", value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
