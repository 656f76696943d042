package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

    @TempDir
    Path dir;

    @Test
    void passesPrefixedSettingsThroughWithoutThePrefix() {
        KafkaClientSettings s = KafkaClientSettings.builder()
                .bootstrapServers("h:1")
                .prefixed(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "SCRAM-SHA-256",
                        "parallelism", "4", "kafka.", "ignored"))
                .build();
        assertThat(s.properties()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "SCRAM-SHA-256"));
        assertThat(s.clientProperties()).containsEntry("bootstrap.servers", "h:1");
    }

    @Test
    void bootstrapServersMayComeFromTheProperties() {
        KafkaClientSettings s = KafkaClientSettings.builder().prefixed(Map.of("kafka.bootstrap.servers", "x:9")).build();
        assertThat(s.bootstrapServers()).isEqualTo("x:9");
        assertThat(s.properties()).doesNotContainKey("bootstrap.servers");
        assertThatThrownBy(() -> KafkaClientSettings.builder().build()).hasMessageContaining("bootstrap");
    }

    @Test
    void resolvesEnvironmentAndFileReferences() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cr\"et\n");
        Path props = Files.writeString(dir.resolve("creds.properties"), "user=alice\npassword=p@ss\n");
        Map<String, String> env = Map.of("TRUST_PW", "changeit");
        KafkaClientSettings s = KafkaClientSettings.builder()
                .bootstrapServers("h:1")
                .environment(env::get)
                .property("ssl.truststore.password", "${env:TRUST_PW}")
                .property("ssl.key.password", "${file:" + secret + "}")
                .property("sasl.jaas.config", "Login required username=\"${file:" + props + ":user}\" password=\"${file:" + props + ":password}\";")
                .build();
        assertThat(s.properties())
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("ssl.key.password", "s3cr\"et")
                .containsEntry("sasl.jaas.config", "Login required username=\"alice\" password=\"p@ss\";");
    }

    @Test
    void failsOnUnresolvableReferencesWithoutRevealingValues() {
        assertThatThrownBy(() -> KafkaClientSettings.builder().bootstrapServers("h:1").environment(n -> null)
                .property("ssl.key.password", "${env:NOPE}").build())
                .hasMessageContaining("NOPE");
        assertThatThrownBy(() -> KafkaClientSettings.builder().bootstrapServers("h:1")
                .property("ssl.key.password", "${file:" + dir.resolve("missing") + "}").build())
                .hasMessageContaining("missing");
    }

    @Test
    void readsPropertyFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SSL\nssl.truststore.location=/etc/ts.p12\nssl.truststore.password=${env:TS}\n");
        KafkaClientSettings s = KafkaClientSettings.builder().bootstrapServers("h:1")
                .environment(Map.of("TS", "pw")::get).propertyFile(file).build();
        assertThat(s.properties()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/ts.p12")
                .containsEntry("ssl.truststore.password", "pw");
    }

    @Test
    void neverShowsSecrets() {
        KafkaClientSettings s = KafkaClientSettings.of("h:1", Map.of(
                "sasl.jaas.config", KafkaClientSettings.scramJaasConfig("alice", "TOPSECRET1"),
                "ssl.truststore.password", "TOPSECRET2",
                "ssl.keystore.key", "TOPSECRET3",
                "basic.auth.user.info", "TOPSECRET4",
                "my.custom.secret", "TOPSECRET5",
                "security.protocol", "SASL_SSL"));
        assertThat(s.toString()).doesNotContain("TOPSECRET").contains("SASL_SSL").contains("h:1");
        assertThat(s.describe()).containsEntry("sasl.jaas.config", KafkaClientSettings.MASK)
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(s.describe().values()).noneMatch(v -> v.contains("TOPSECRET"));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        KafkaClientSettings s = KafkaClientSettings.of("h:1", Map.of("security.protocol", "SSL"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            KafkaClientSettings copy = (KafkaClientSettings) in.readObject();
            assertThat(copy.clientProperties()).isEqualTo(s.clientProperties());
        }
    }

    @Test
    void quotesJaasValues() {
        assertThat(KafkaClientSettings.plainJaasConfig("a\"b", "c\\d"))
                .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\\\"b\" password=\"c\\\\d\";");
    }
}
