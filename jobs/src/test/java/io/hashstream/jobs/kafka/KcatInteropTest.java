package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hashstream.jobs.RawRecord;

/**
 * kcat (librdkafka) produces raw image files with a key and headers; a Flink job reads them through
 * the job's source ({@link RawRecordDeserializer}) and writes a summary through the job's exactly-once
 * sink; kcat reads that back as a read_committed consumer.
 */
class KcatInteropTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static Kcat kcat;

    @BeforeAll
    static void start() {
        Optional<Kcat> found = Kcat.find("127.0.0.1:1");
        assumeTrue(found.isPresent(), "kcat is not installed (scripts/install-deps.sh installs it): skipping the kcat interop test");
        broker = EmbeddedKafkaBroker.start();
        kcat = Kcat.find(broker.bootstrapServers()).orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void kcatRecordsReachTheSourceWithKeyHeadersAndBytesAndKcatReadsTheCommittedOutput() throws Exception {
        KafkaClientSettings settings = KafkaClientSettings.of(broker.bootstrapServers());
        try (KafkaTopics topics = KafkaTopics.connect(settings)) {
            topics.ensure(KafkaTopics.Spec.of("kcat-in", 2), KafkaTopics.Spec.of("kcat-out", 1));
        }
        byte[][] files = new byte[3][];
        for (int i = 0; i < 3; i++) {
            files[i] = new byte[1000 + 700 * i];
            new java.util.Random(i).nextBytes(files[i]);
            files[i][0] = (byte) 0xFF; // binary content, including bytes that are not valid UTF-8
            Path f = Files.write(dir.resolve("img-" + i + ".bin"), files[i]);
            kcat.produceFile("kcat-in", "img-" + i, f, "tenant=acme", "event-time=" + (1_700_000_000_000L + i));
        }

        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.fromSource(KafkaSources.rawRecords(settings, List.of("kcat-in"), "kcat-test", KafkaSources.Bounds.UP_TO_LATEST),
                        KafkaSources.<RawRecord>watermarks(Duration.ofMillis(100), Duration.ZERO), "kcat-in")
                .map(KcatInteropTest::summary).returns(Types.STRING)
                .sinkTo(KafkaSinks.json(settings, "kcat-out", KafkaSinks.Delivery.exactlyOnce("kcat-test"), new CopyJob.IdValueJson()));
        env.execute("kcat interop");

        List<String> lines = kcat.consumeCommitted("kcat-out");
        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            String expected = "img-" + i + "\t{\"id\":\"img-" + i + "\",\"value\":\"acme " + (1_700_000_000_000L + i) + " "
                    + files[i].length + " " + sha256(files[i]) + "\"}";
            assertThat(lines).contains(expected);
        }
    }

    /** {@code id \0 tenant event-time length sha256} from the raw record. */
    private static String summary(RawRecord r) throws Exception {
        String tenant = new String(r.lastHeader("tenant").orElseThrow(), StandardCharsets.UTF_8);
        String eventTime = new String(r.lastHeader("event-time").orElseThrow(), StandardCharsets.UTF_8);
        return new String(r.key(), StandardCharsets.UTF_8) + "\u0000" + tenant + " " + eventTime + " " + r.value().length + " "
                + sha256(r.value());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
