package io.hashstream.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.cli.demo.FallbackModel;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.model.ModelCard;

/**
 * The whole job on the embedded broker and a MiniCluster, checked against a brute-force oracle: the
 * same pictures, edited copies and cross-tenant copies, sent out of order over four partitions, give
 * exactly the oracle's results with parallelism 1 and 4.
 */
class NearDuplicateJobOracleTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path dir;

    private static JobHarness harness;
    private static Path model;
    private static List<TestEvent> events;
    private static Map<String, MatchResult> expected;

    @BeforeAll
    static void start() throws Exception {
        harness = new JobHarness();
        model = FallbackModel.ensure(dir.resolve("model"));
        events = outOfOrderEvents(TestImages.picturesWithCopies(16, 2, 11), new Random(5));
        Map<String, BinaryCode> codes = BruteForceOracle.encode(model, events);
        expected = BruteForceOracle.expected(events, codes, JobConfig.defaults().radius(), ModelCard.read(model).modelId());
        // the test means something only if there are matches to find (and to miss)
        assertThat(expected.values().stream().filter(r -> !r.matches().isEmpty()).count()).isGreaterThanOrEqualTo(8);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @ParameterizedTest(name = "parallelism {0}, {1} index layout")
    @CsvSource({"1, buckets", "4, buckets", "4, shards"})
    void resultsEqualTheBruteForceOracle(int parallelism, String layout) throws Exception {
        // Default fetch sizes: a subtask reads several partitions of the backlog in whole-partition runs,
        // far beyond the 200 ms bound; per-partition watermarks in the source keep the answers exact.
        JobConfig config = harness.newRun(model, parallelism, InputFormat.JSON)
                .with(Map.of(JobConfig.INDEX_LAYOUT, layout));
        harness.send(config, events);
        JobRuns.runToEnd(config, harness.settings);

        List<MatchResult> results = harness.results(config, events.size());
        assertThat(results).extracting(MatchResult::id).doesNotHaveDuplicates().hasSize(events.size());
        Map<String, MatchResult> byId = results.stream().collect(Collectors.toMap(MatchResult::id, Function.identity()));
        for (TestEvent e : events) {
            assertThat(byId.get(e.id())).as(e.id()).isEqualTo(expected.get(e.id()));
        }
    }

    /**
     * Two tenants; every picture and copy 30 ms apart in event time; the first picture's bytes also sent
     * by the other tenant at the same moment (must never match across tenants); partitions in turn and
     * the send order shuffled by up to 60 ms within each partition (within the 200 ms out-of-orderness
     * bound per partition).
     */
    static List<TestEvent> outOfOrderEvents(List<byte[]> images, Random random) {
        long base = 1_700_000_000_000L;
        List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String tenant = i % 5 == 4 ? "beta" : "acme";
            events.add(TestEvent.image(String.format("e%03d", i), tenant, base + 30L * i, images.get(i),
                    i % JobHarness.PARTITIONS));
        }
        events.add(TestEvent.image("twin-of-e000", "beta", base, images.get(0), random.nextInt(JobHarness.PARTITIONS)));
        List<long[]> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            order.add(new long[] {events.get(i).eventTime() + random.nextInt(60), i});
        }
        order.sort(Comparator.comparingLong(o -> o[0]));
        return order.stream().map(o -> events.get((int) o[1])).toList();
    }
}
