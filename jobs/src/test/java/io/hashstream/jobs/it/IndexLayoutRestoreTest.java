package io.hashstream.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.cli.demo.FallbackModel;
import io.hashstream.jobs.config.IndexLayout;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaSinks;
import io.hashstream.jobs.kafka.KafkaSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default layout changed from {@code buckets} to {@code shards} (on heap): a savepoint taken with
 * one layout must not be restored into the other, which would start from an empty index and answer
 * as if nothing had been seen. Flink refuses it, because the two layouts' index operators have
 * different uids; the same savepoint restores into a job with its own layout.
 */
class IndexLayoutRestoreTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

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
    void aSavepointRestoresOnlyIntoTheLayoutItWasTakenWith() throws Exception {
        Path model = FallbackModel.ensure(dir.resolve("model"));
        List<TestEvent> events = NearDuplicateJobOracleTest.outOfOrderEvents(
                TestImages.picturesWithCopies(4, 2, 23), new Random(3));
        JobConfig buckets = harness.newRun(model, 1, InputFormat.JSON)
                .with(Map.of(JobConfig.INDEX_LAYOUT, "buckets"));
        harness.send(buckets, events);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(buckets.toFlinkConfiguration());
        attach(env, buckets, KafkaSources.Bounds.UNBOUNDED);
        JobClient job = env.executeAsync("buckets");
        // A later image in every partition moves the watermark past the events: once all of them are
        // answered, the index holds them, and the savepoint (no drain: no end of event time, which
        // would let retention empty the index) carries them.
        long later = events.stream().mapToLong(TestEvent::eventTime).max().orElseThrow() + 5_000;
        List<byte[]> tickImages = TestImages.picturesWithCopies(JobHarness.PARTITIONS, 0, 29);
        List<TestEvent> ticks = new java.util.ArrayList<>();
        for (int p = 0; p < JobHarness.PARTITIONS; p++) {
            ticks.add(TestEvent.image("tick-" + p, "acme", later, tickImages.get(p), p));
        }
        harness.send(buckets, ticks);
        assertThat(harness.results(buckets, events.size())).extracting(MatchResult::id)
                .containsAll(events.stream().map(TestEvent::id).toList());
        String savepoint = JobRuns.suspend(job, dir.resolve("savepoints"));

        JobConfig byDefault = buckets.with(Map.of(JobConfig.INDEX_LAYOUT, "auto"));
        assertThat(byDefault.effectiveIndexLayout()).isEqualTo(IndexLayout.SHARDS);
        assertThatThrownBy(() -> restore(byDefault, savepoint).execute("restore shards"))
                .hasStackTraceContaining("Cannot map checkpoint/savepoint state for operator");

        // Its own layout restores the index: a copy of an image seen before the savepoint matches it.
        JobClient restored = restore(buckets, savepoint).executeAsync("restore buckets");
        TestEvent first = events.stream().filter(e -> e.id().equals("e000")).findFirst().orElseThrow();
        TestEvent copy = TestEvent.image("copy-after-restore", first.tenant(),
                later + 1_000, first.image(), 0);
        harness.send(buckets, List.of(copy));
        JobRuns.drain(restored, dir.resolve("savepoints"));
        int all = events.size() + ticks.size() + 1;
        List<MatchResult> results = harness.results(buckets, all);
        assertThat(results).extracting(MatchResult::id).doesNotHaveDuplicates().hasSize(all);
        MatchResult answer = results.stream()
                .filter(r -> r.id().equals(copy.id())).findFirst().orElseThrow();
        assertThat(answer.matches()).extracting(Match::id).contains("e000");
    }

    /** An environment that starts the job from {@code savepoint} (not yet executed). */
    private static StreamExecutionEnvironment restore(JobConfig config, String savepoint) {
        Configuration flink = config.toFlinkConfiguration();
        flink.setString("execution.savepoint.path", savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        attach(env, config, KafkaSources.Bounds.UNBOUNDED);
        return env;
    }

    private static void attach(StreamExecutionEnvironment env, JobConfig config, KafkaSources.Bounds bounds) {
        KafkaJob.attach(env, config, harness.settings, KafkaSinks.Delivery.atLeastOnce(),
                "layout-" + config.imagesTopic(), bounds);
    }
}
