package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.jobs.config.JobConfig;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

    @Test
    void jobsWritingDifferentResultsTopicsGetTheirOwnGroupAndTransactionalIds() {
        JobConfig defaults = JobConfig.defaults();
        // The default job keeps the names of earlier versions: its restores find its open transactions.
        assertThat(KafkaNames.defaultGroupId(defaults)).isEqualTo("hashstream-images");
        assertThat(KafkaNames.defaultTransactionalIdPrefix(defaults)).isEqualTo("hashstream");
        JobConfig second = defaults.with(java.util.Map.of(JobConfig.RESULTS_TOPIC, "results-model-b"));
        assertThat(KafkaNames.defaultGroupId(second)).isEqualTo("hashstream-images-results-model-b");
        assertThat(KafkaNames.defaultTransactionalIdPrefix(second)).isEqualTo("hashstream-results-model-b");
        KafkaSinks.Delivery.exactlyOnce(KafkaNames.defaultTransactionalIdPrefix(second)); // a valid prefix
    }

    @Test
    void exactlyOnceIsRefusedWhereItCannotCommit() {
        JobConfig defaults = JobConfig.defaults();
        KafkaSinks.Delivery exactlyOnce = KafkaSinks.Delivery.exactlyOnce("hashstream");
        exactlyOnce.checkAgainst(defaults, JobConfig.CHECKPOINT_TIMEOUT);
        KafkaSinks.Delivery.atLeastOnce().checkAgainst(defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "0")),
                JobConfig.CHECKPOINT_TIMEOUT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.checkAgainst(
                        defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "0")), JobConfig.CHECKPOINT_TIMEOUT))
                .hasMessageContaining("commits results at checkpoints");
        // 10 min transactions cannot outlast a 6 min interval plus the 5 min checkpoint timeout.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.checkAgainst(
                        defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "360000")), JobConfig.CHECKPOINT_TIMEOUT))
                .hasMessageContaining("must exceed the checkpoint interval plus the checkpoint timeout");
        assertThat(defaults.toFlinkConfiguration().toMap()).containsEntry("execution.checkpointing.timeout", "5 min");
        // A longer checkpoint timeout set on the cluster needs longer transactions.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.checkAgainst(defaults, java.time.Duration.ofMinutes(10)))
                .hasMessageContaining("must exceed the checkpoint interval plus the checkpoint timeout");
        exactlyOnce.withTransactionTimeout(java.time.Duration.ofMinutes(15)).checkAgainst(defaults, java.time.Duration.ofMinutes(10));
    }

    /** A result of an image from 2023, written now. */
    private static final long OLD_EVENT_TIME = 1_700_000_000_000L;

    @Test
    void outputRecordsAreStampedWhenWrittenNotWithTheEventTime() {
        var serialization = new KafkaSinks.JsonSerialization<String>("results", new KafkaSinks.JsonRecord<>() {
            @Override
            public String key(String record) {
                return record;
            }

            @Override
            public byte[] json(String record) {
                return ("{\"id\":\"" + record + "\",\"eventTime\":" + OLD_EVENT_TIME + "}").getBytes(StandardCharsets.UTF_8);
            }
        });

        ProducerRecord<byte[], byte[]> record = serialization.serialize("img-1", null, OLD_EVENT_TIME);

        // null: the producer stamps the record at send time, so time-based retention counts from the write.
        assertThat(record.timestamp()).isNull();
        assertThat(record.topic()).isEqualTo("results");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("img-1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"eventTime\":" + OLD_EVENT_TIME);
        assertThat(record.headers().lastHeader(KafkaSinks.CONTENT_TYPE_HEADER).value())
                .isEqualTo("application/json".getBytes(StandardCharsets.UTF_8));
    }
}
