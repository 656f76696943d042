package io.hashstream.jobs.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.EventLimits;
import io.hashstream.event.HostileEvents;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.EmbeddedKafkaBroker;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaTopics;
import io.hashstream.jobs.kafka.TestCertificates;
import io.hashstream.jobs.pipeline.RandomProjectionEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole near-duplicate job (not a copy job) against a secured embedded broker, configured only
 * through pass-through {@code kafka.*} settings whose secrets are references ({@code ${env:...}},
 * {@code ${file:...}}): SASL_PLAINTEXT with SCRAM-SHA-256, and TLS with a certificate made in the test.
 * Valid and malformed events come out as results and dead letters as on a plaintext broker, and
 * nothing logged meanwhile (Kafka and Flink at INFO, which includes every client's configuration)
 * contains a secret.
 */
@Timeout(300)
class SecuredKafkaJobTest {
    private static final int VALID = 20;
    private static final int MALFORMED = 10;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    @Test
    void theJobRunsOverScramWithThePasswordFromTheEnvironmentAndNeverLogsIt() throws Exception {
        String password = "scram-" + Long.toHexString(System.nanoTime()) + "-pw";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .saslPlaintext("admin", "admin-" + password).scramUser("hashstream", password).start()) {
            KafkaClientSettings kafka = KafkaClientSettings.builder()
                    .bootstrapServers(broker.bootstrapServers())
                    .environment(Map.of("HASHSTREAM_KAFKA_PASSWORD", password)::get)
                    .prefixed(Map.of(
                            "kafka.security.protocol", "SASL_PLAINTEXT",
                            "kafka.sasl.mechanism", "SCRAM-SHA-256",
                            "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                    + " username=\"hashstream\" password=\"${env:HASHSTREAM_KAFKA_PASSWORD}\";"))
                    .build();
            assertRunsWithoutLeaking(broker, kafka, "scram", password);
        }
    }

    @Test
    void theJobRunsOverTlsWithTheTrustStorePasswordFromAFileAndNeverLogsIt() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        Path secret = Files.writeString(dir.resolve("truststore.password"), certificates.password() + "\n");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .ssl(certificates.keyStore(), certificates.password(), certificates.trustStore(), certificates.password())
                .start()) {
            KafkaClientSettings kafka = KafkaClientSettings.builder()
                    .bootstrapServers(broker.bootstrapServers())
                    .prefixed(Map.of(
                            "kafka.security.protocol", "SSL",
                            "kafka.ssl.truststore.location", certificates.trustStore().toString(),
                            "kafka.ssl.truststore.type", "PKCS12",
                            "kafka.ssl.truststore.password", "${file:" + secret + "}"))
                    .build();
            assertRunsWithoutLeaking(broker, kafka, "tls", certificates.password());
        }
    }

    private void assertRunsWithoutLeaking(EmbeddedKafkaBroker broker, KafkaClientSettings kafka, String name,
            String secret) throws Exception {
        JobConfig config = JobConfig.defaults().with(Map.of(
                JobConfig.IMAGES_TOPIC, name + "-images", JobConfig.RESULTS_TOPIC, name + "-results",
                JobConfig.DEAD_LETTERS_TOPIC, name + "-dead", JobConfig.PARALLELISM, "2",
                JobConfig.CHECKPOINT_INTERVAL_MS, "300", JobConfig.IDLE_TIMEOUT_MS, "0"));
        Map<String, String> admin = new HashMap<>(broker.adminClientProperties());
        KafkaClientSettings adminSettings = KafkaClientSettings.of(broker.bootstrapServers(), admin);
        try (KafkaTopics topics = KafkaTopics.connect(adminSettings)) {
            // record timestamps of 1970: without this, time retention may delete them before the job reads them
            topics.ensure(KafkaJob.topics(config, 2, (short) 1).stream()
                    .map(spec -> spec.withConfig("retention.ms", "-1")).toList());
        }
        produce(adminSettings, config.imagesTopic());

        List<MatchResult> results;
        List<DeadLetter> dead;
        try (CapturedLog log = new CapturedLog()) {
            JobOnKafka.run(config, kafka, new RandomProjectionEncoder.Factory(3, 64), name);
            results = JobOnKafka.results(kafka, config);
            dead = JobOnKafka.deadLetters(kafka, config);
            assertThat(log.text()).as("the client configurations were logged").contains("security.protocol = " + kafka
                    .properties().get("security.protocol"));
            assertThat(log.text()).as("log output").doesNotContain(secret);
        }
        assertThat(kafka.toString()).doesNotContain(secret);
        assertThat(results).extracting(MatchResult::id).doesNotHaveDuplicates().hasSize(VALID);
        assertThat(results).anySatisfy(r -> assertThat(r.matches()).isNotEmpty());
        assertThat(dead).hasSize(MALFORMED).allSatisfy(d -> assertThat(d.reason()).startsWith("event."));
    }

    /** {@link #VALID} images (every other one a re-encoded copy of the one before) and {@link #MALFORMED} bad records. */
    private static void produce(KafkaClientSettings admin, String topic) throws Exception {
        Properties p = admin.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        InputEventJson json = InputEventJson.withDefaults();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < VALID; i++) {
                byte[] image = i % 2 == 0 ? HostileImages.png(i) : HostileImages.jpeg(i - 1);
                long time = 1_000L + i * 10L;
                producer.send(new ProducerRecord<>(topic, i % 2, time, null,
                        json.write(ImageEvent.inline("img-" + i, "acme", time, image, Map.of())))).get();
            }
            for (HostileEvents.JsonCase c : HostileEvents.json(MALFORMED, 5, EventLimits.defaults())) {
                producer.send(new ProducerRecord<>(topic, 0, 1_500L, null, c.value())).get();
            }
        }
    }
}
