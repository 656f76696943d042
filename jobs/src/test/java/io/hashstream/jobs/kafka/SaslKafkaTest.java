package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL_PLAINTEXT with SCRAM-SHA-256 and PLAIN: the credentials reach source, sinks and admin through
 * {@code kafka.*} settings with secret references, as a deployment would pass them, and a Flink job
 * copies records exactly once through the secured listener.
 */
class SaslKafkaTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String ALICE_PASSWORD = "alice-pw-" + Long.toHexString(System.nanoTime());
    private static final String BOB_PASSWORD = "bob-pw-" + Long.toHexString(System.nanoTime());

    private static EmbeddedKafkaBroker broker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder()
                .saslPlaintext("admin", "admin-secret")
                .scramUser("alice", ALICE_PASSWORD)
                .plainUser("bob", BOB_PASSWORD)
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void scramCredentialsFromTheEnvironmentReachTheJob() throws Exception {
        KafkaClientSettings settings = KafkaClientSettings.builder()
                .bootstrapServers(broker.bootstrapServers())
                .environment(Map.of("ALICE_PW", ALICE_PASSWORD)::get)
                .prefixed(Map.of(
                        "kafka.security.protocol", "SASL_PLAINTEXT",
                        "kafka.sasl.mechanism", "SCRAM-SHA-256",
                        "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"alice\" password=\"${env:ALICE_PW}\";"))
                .build();
        assertThat(settings.toString()).doesNotContain(ALICE_PASSWORD);
        KafkaRoundTrip.assertCopies(settings, "scram", 20);
    }

    @Test
    void plainCredentialsFromAFileReachTheJob() throws Exception {
        Path secret = Files.writeString(dir.resolve("bob.password"), BOB_PASSWORD + "\n");
        Path clientProperties = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"bob\" password=\"${file:" + secret + "}\";"));
        KafkaClientSettings settings = KafkaClientSettings.builder()
                .bootstrapServers(broker.bootstrapServers())
                .propertyFile(clientProperties)
                .build();
        assertThat(settings.toString()).doesNotContain(BOB_PASSWORD);
        KafkaRoundTrip.assertCopies(settings, "plain", 20);
    }

    @Test
    void aWrongPasswordIsRefused() {
        KafkaClientSettings settings = KafkaClientSettings.of(broker.bootstrapServers(), Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-256",
                "sasl.jaas.config", KafkaClientSettings.scramJaasConfig("alice", "not-" + ALICE_PASSWORD)));
        assertThatThrownBy(() -> {
            try (KafkaTopics topics = KafkaTopics.connect(settings)) {
                topics.list();
            }
        }).hasCauseInstanceOf(SaslAuthenticationException.class);
    }
}
