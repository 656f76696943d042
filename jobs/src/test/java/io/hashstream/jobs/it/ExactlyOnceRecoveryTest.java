package io.hashstream.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.cli.demo.FallbackModel;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaSinks;
import io.hashstream.jobs.kafka.KafkaSources;
import io.hashstream.jobs.kafka.RawRecordDeserializer;
import io.hashstream.jobs.kafka.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure after a completed checkpoint: the running job (exactly-once sinks) is made to fail once
 * in its source after committed results are visible, restarts from the checkpoint and replays. Every
 * input id still has exactly one committed result, equal to the brute-force oracle: none lost, none
 * duplicated. The failure is placed so that the restore finds all partitions but one at their end,
 * which once stalled every result after the restore (the split watermarks Flink does not checkpoint;
 * see {@code EventTimeRestoringKafkaSourceTest}).
 */
class ExactlyOnceRecoveryTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** The MiniCluster runs in this JVM: the test arms the failure, the deserializer fires it once. */
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicBoolean FIRED = new AtomicBoolean();

    @TempDir
    static Path dir;

    private static JobHarness harness;

    @BeforeAll
    static void start() {
        harness = new JobHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void failureAfterACheckpointLosesAndDuplicatesNothing() throws Exception {
        Path model = FallbackModel.ensure(dir.resolve("model"));
        List<TestEvent> events = NearDuplicateJobOracleTest.outOfOrderEvents(
                TestImages.picturesWithCopies(12, 2, 17), new Random(9));
        Map<String, BinaryCode> codes = BruteForceOracle.encode(model, events);
        Map<String, MatchResult> expected = BruteForceOracle.expected(events, codes, JobConfig.defaults().radius(),
                io.hashstream.model.ModelCard.read(model).modelId());
        int half = events.size() / 2;

        JobConfig config = harness.newRun(model, 2, InputFormat.JSON);
        Configuration flink = config.toFlinkConfiguration();
        flink.setString("restart-strategy.type", "fixed-delay");
        flink.setString("restart-strategy.fixed-delay.attempts", "3");
        flink.setString("restart-strategy.fixed-delay.delay", "500 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        KafkaJob.attach(env, config, harness.settings, KafkaSinks.Delivery.exactlyOnce("eos-" + config.resultsTopic()),
                "eos-" + config.imagesTopic(), KafkaSources.Bounds.UNBOUNDED, new FailOnceWhenArmed());

        harness.send(config, events.subList(0, half));
        JobClient job = env.executeAsync("exactly-once recovery");
        // A committed result means a checkpoint has completed: the failure comes after it.
        TopicReader.readCommitted(harness.settings, config.resultsTopic(), 1, Duration.ofSeconds(120));

        // The rest of the input, except one partition's, is read and covered by a completed checkpoint
        // (the source commits its offsets to the group on completed checkpoints); only then does the
        // failing partition get its records. The restore therefore finds every other partition at its
        // end: those splits get no record after the restore, and their event time must survive it.
        List<TestEvent> rest = events.subList(half, events.size());
        int failing = rest.get(0).partition();
        harness.send(config, rest.stream().filter(e -> e.partition() != failing).toList());
        awaitCommittedOffsetsAtEnd(config, "eos-" + config.imagesTopic(), failing, Duration.ofSeconds(120));
        ARMED.set(true);
        harness.send(config, rest.stream().filter(e -> e.partition() == failing).toList());

        // Everything sent is read before the drain; the drain's final watermark releases what waits for it.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!FIRED.get() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(FIRED).as("the injected failure happened").isTrue();
        TopicReader.readCommitted(harness.settings, config.resultsTopic(), half, Duration.ofSeconds(120));
        JobRuns.drain(job, dir.resolve("savepoints"));

        List<ConsumerRecord<byte[], byte[]>> committed =
                TopicReader.readCommitted(harness.settings, config.resultsTopic(), events.size(), Duration.ofSeconds(60));
        List<MatchResult> results = harness.results(config, events.size());
        assertThat(committed).hasSameSizeAs(results);
        assertThat(results).extracting(MatchResult::id).doesNotHaveDuplicates().hasSize(events.size());
        Map<String, MatchResult> byId = results.stream().collect(Collectors.toMap(MatchResult::id, Function.identity()));
        for (TestEvent e : events) {
            assertThat(byId.get(e.id())).as(e.id()).isEqualTo(expected.get(e.id()));
        }
    }

    /** Waits until {@code group} has committed the end offset of every input partition but {@code except}. */
    private static void awaitCommittedOffsetsAtEnd(JobConfig config, String group, int except, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(harness.settings.clientProperties())) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < JobHarness.PARTITIONS; p++) {
                if (p != except) {
                    ends.put(new TopicPartition(config.imagesTopic(), p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no checkpoint covered the input's end offsets " + end + " within "
                            + timeout + "; committed " + committed);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The production deserializer, failing once on the first record it sees after the test arms it. */
    static final class FailOnceWhenArmed implements KafkaRecordDeserializationSchema<RawRecord> {
        private final RawRecordDeserializer delegate = new RawRecordDeserializer();

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) throws java.io.IOException {
            if (ARMED.get() && FIRED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at " + record.topic() + "-" + record.partition()
                        + "@" + record.offset());
            }
            delegate.deserialize(record, out);
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return delegate.getProducedType();
        }
    }
}
