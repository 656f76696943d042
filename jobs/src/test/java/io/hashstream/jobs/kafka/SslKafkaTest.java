package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;


import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a certificate made in the test: the trust store settings alone make the job work. */
class SslKafkaTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        certificates = TestCertificates.create(dir);
        broker = EmbeddedKafkaBroker.builder()
                .ssl(certificates.keyStore(), certificates.password(), certificates.trustStore(), certificates.password())
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void trustStoreSettingsReachTheJob() throws Exception {
        KafkaClientSettings settings = KafkaClientSettings.builder()
                .bootstrapServers(broker.bootstrapServers())
                .environment(Map.of("TRUSTSTORE_PASSWORD", certificates.password())::get)
                .prefixed(Map.of(
                        "kafka.security.protocol", "SSL",
                        "kafka.ssl.truststore.location", certificates.trustStore().toString(),
                        "kafka.ssl.truststore.type", "PKCS12",
                        "kafka.ssl.truststore.password", "${env:TRUSTSTORE_PASSWORD}"))
                .build();
        KafkaRoundTrip.assertCopies(settings, "tls", 20);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        KafkaClientSettings untrusting = KafkaClientSettings.of(broker.bootstrapServers(), Map.of("security.protocol", "SSL"));
        assertThatThrownBy(() -> {
            try (KafkaTopics topics = KafkaTopics.connect(untrusting)) {
                topics.list();
            }
        }).hasCauseInstanceOf(SslAuthenticationException.class);
    }
}
