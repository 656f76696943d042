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
    void jobsReadingDifferentImagesTopicsIntoOneResultsTopicGetTheirOwnTransactionalIds() {
        JobConfig uploads = JobConfig.defaults().with(java.util.Map.of(JobConfig.IMAGES_TOPIC, "uploads"));
        JobConfig avatars = JobConfig.defaults().with(java.util.Map.of(JobConfig.IMAGES_TOPIC, "avatars"));
        assertThat(KafkaNames.defaultTransactionalIdPrefix(uploads)).isEqualTo("hashstream-uploads+results");
        assertThat(KafkaNames.defaultTransactionalIdPrefix(avatars)).isEqualTo("hashstream-avatars+results");
        KafkaSinks.Delivery.exactlyOnce(KafkaNames.defaultTransactionalIdPrefix(uploads)); // a valid prefix
        // Topic names cannot hold '+': pairs that '-' would join alike stay apart.
        JobConfig ab = JobConfig.defaults().with(java.util.Map.of(JobConfig.IMAGES_TOPIC, "a-b", JobConfig.RESULTS_TOPIC, "c"));
        JobConfig a = JobConfig.defaults().with(java.util.Map.of(JobConfig.IMAGES_TOPIC, "a", JobConfig.RESULTS_TOPIC, "b-c"));
        assertThat(KafkaNames.defaultTransactionalIdPrefix(ab)).isNotEqualTo(KafkaNames.defaultTransactionalIdPrefix(a));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> JobConfig.defaults().with(java.util.Map.of(JobConfig.RESULTS_TOPIC, "uploads+results")))
                .hasMessageContaining("must be a Kafka topic name");
    }

    @Test
    void aResultOverKafkasRecordLimitKeepsTheNearestMatchesThatFit() throws Exception {
        // 1,000 matches with the longest ids (256 code points of 4-byte UTF-8): ~1.07 MB of JSON.
        String longId = "\uD83D\uDE00".repeat(252);
        java.util.List<io.hashstream.event.Match> matches = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            matches.add(new io.hashstream.event.Match(longId + (char) ('a' + i % 26) + i, i % 50, 5_000 - i));
        }
        io.hashstream.code.BinaryCode code = io.hashstream.code.BinaryCode.ofWords(64, new long[] {7L});
        io.hashstream.event.MatchResult big = io.hashstream.event.MatchResult.of("img", "t", 9_000, "m", code, matches);
        assertThat(io.hashstream.event.MatchResultJson.write(big).length).isGreaterThan(KafkaJob.ResultJson.MAX_BYTES);

        byte[] written = new KafkaJob.ResultJson().json(big);
        assertThat(written.length).isLessThanOrEqualTo(KafkaJob.ResultJson.MAX_BYTES);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(written);
        int kept = json.get("matches").size();
        assertThat(kept).isBetween(1, 999);
        for (int i = 0; i < kept; i++) {
            assertThat(json.get("matches").get(i).get("id").asText()).isEqualTo(big.matches().get(i).id());
        }
        assertThat(json.get("clusterId").asText()).as("from all matches").isEqualTo(big.clusterId());
        // one more match would not have fitted
        assertThat(io.hashstream.event.MatchResultJson.write(new io.hashstream.event.MatchResult(big.id(), big.tenant(),
                big.eventTime(), big.modelId(), big.code(), big.bits(), big.matches().subList(0, kept + 1),
                big.clusterId())).length).isGreaterThan(KafkaJob.ResultJson.MAX_BYTES);
        // a result that fits is written as it is
        io.hashstream.event.MatchResult small = io.hashstream.event.MatchResult.of("img", "t", 9_000, "m", code,
                matches.subList(0, 10));
        assertThat(new KafkaJob.ResultJson().json(small)).isEqualTo(io.hashstream.event.MatchResultJson.write(small));
    }

    @Test
    void exactlyOnceIsRefusedWhereItCannotCommit() {
        JobConfig defaults = JobConfig.defaults();
        KafkaSinks.Delivery exactlyOnce = KafkaSinks.Delivery.exactlyOnce("hashstream");
        // The defaults: max(5 s, 4 min) + 4 min + 1 min for a restart = 9 min, within the 10 min transactions.
        exactlyOnce.checkAgainst(defaults, JobConfig.CHECKPOINT_TIMEOUT, 0);
        assertThat(KafkaSinks.Delivery.longestWaitForCommit(java.time.Duration.ofSeconds(5), JobConfig.CHECKPOINT_TIMEOUT, 0))
                .isEqualTo(java.time.Duration.ofMinutes(9));
        // A one-minute interval is as common and as safe: a checkpoint waits for the one before it.
        exactlyOnce.checkAgainst(defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "60000")),
                JobConfig.CHECKPOINT_TIMEOUT, 0);
        KafkaSinks.Delivery.atLeastOnce().checkAgainst(defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "0")),
                JobConfig.CHECKPOINT_TIMEOUT, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.checkAgainst(
                        defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "0")), JobConfig.CHECKPOINT_TIMEOUT, 0))
                .hasMessageContaining("commits results at checkpoints");
        // A transaction opened early in checkpoint N-1 waits for the rest of it, the interval and checkpoint N:
        // 10 min transactions cannot outlast two 5 min checkpoints (which the previous check let through).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.checkAgainst(defaults, java.time.Duration.ofMinutes(5), 0))
                .hasMessageContaining("the longest a transaction can wait for its commit");
        // Nor a 6 min interval and a 4 min checkpoint.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.checkAgainst(
                        defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "360000")), JobConfig.CHECKPOINT_TIMEOUT, 0))
                .hasMessageContaining("the longest a transaction can wait for its commit");
        // Each tolerated failed checkpoint hands the transaction to the next one.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.checkAgainst(defaults, JobConfig.CHECKPOINT_TIMEOUT, 1))
                .hasMessageContaining("tolerable failed checkpoints 1");
        exactlyOnce.withTransactionTimeout(java.time.Duration.ofMinutes(14)).checkAgainst(defaults, JobConfig.CHECKPOINT_TIMEOUT, 1);
        assertThat(KafkaSinks.Delivery.longestWaitForCommit(java.time.Duration.ofSeconds(5), JobConfig.CHECKPOINT_TIMEOUT, 1))
                .isEqualTo(java.time.Duration.ofMinutes(13));
        assertThat(defaults.toFlinkConfiguration().toMap()).containsEntry("execution.checkpointing.timeout", "4 min");
        // A longer checkpoint timeout set on the cluster needs longer transactions.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.checkAgainst(defaults, java.time.Duration.ofMinutes(10), 0))
                .hasMessageContaining("the longest a transaction can wait for its commit");
        exactlyOnce.withTransactionTimeout(java.time.Duration.ofMinutes(22)).checkAgainst(defaults, java.time.Duration.ofMinutes(10), 0);
        // 10 + 10 + 1: 21 min are not enough
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.withTransactionTimeout(java.time.Duration.ofMinutes(21))
                .checkAgainst(defaults, java.time.Duration.ofMinutes(10), 0)).hasMessageContaining("must exceed PT21M");
        // A 10-minute interval needs more than the default brokers' 15-minute maximum (10 + 4 + 1): brokers that
        // raised it must be usable, so the job does not cap the timeout itself.
        exactlyOnce.withTransactionTimeout(java.time.Duration.ofMinutes(16)).checkAgainst(
                defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "600000")), JobConfig.CHECKPOINT_TIMEOUT, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.withTransactionTimeout(java.time.Duration.ofMinutes(15))
                .checkAgainst(defaults.with(java.util.Map.of(JobConfig.CHECKPOINT_INTERVAL_MS, "600000")),
                        JobConfig.CHECKPOINT_TIMEOUT, 0)).hasMessageContaining("must exceed PT15M");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exactlyOnce.withTransactionTimeout(java.time.Duration.ZERO))
                .hasMessageContaining("must be positive");
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
