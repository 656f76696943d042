package io.hashstream.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hashstream.event.MatchResult;
import io.hashstream.jobs.cli.demo.FallbackModel;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.EmbeddedKafkaBroker;
import io.hashstream.jobs.kafka.KafkaClientSettings;

/**
 * The near-duplicate job itself on a broker that only accepts SASL/SCRAM clients: the credentials
 * come from a file reference in kafka.* settings, exactly as a deployment passes them.
 */
class SecuredJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;

    private static JobHarness harness;
    private static Path model;

    @BeforeAll
    static void start() throws Exception {
        String password = "job-pw-" + Long.toHexString(System.nanoTime());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .saslPlaintext("admin", "admin-" + password)
                .scramUser("hashstream-job", password)
                .start();
        Path secret = Files.writeString(dir.resolve("kafka.password"), password + "\n");
        KafkaClientSettings settings = KafkaClientSettings.builder()
                .bootstrapServers(broker.bootstrapServers())
                .prefixed(Map.of(
                        "kafka.security.protocol", "SASL_PLAINTEXT",
                        "kafka.sasl.mechanism", "SCRAM-SHA-256",
                        "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"hashstream-job\" password=\"${file:" + secret + "}\";"))
                .build();
        assertThat(settings.toString()).doesNotContain(password);
        harness = new JobHarness(broker, settings);
        model = FallbackModel.ensure(dir.resolve("model"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theJobRunsOverScram() throws Exception {
        List<byte[]> images = TestImages.picturesWithCopies(3, 1, 31);
        JobConfig config = harness.newRun(model, 2, InputFormat.JSON);
        long t = 1_700_000_000_000L;
        List<TestEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            events.add(TestEvent.image("s" + i, "acme", t + 100L * i, images.get(i), i % JobHarness.PARTITIONS));
        }
        harness.send(config, events);
        JobRuns.runToEnd(config, harness.settings);
        assertThat(harness.results(config, events.size())).extracting(MatchResult::id)
                .containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4");
    }
}
