package io.hashstream.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hashstream.event.MatchResult;
import io.hashstream.event.MatchResultJson;
import io.hashstream.jobs.cli.demo.FallbackModel;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.Kcat;
import io.hashstream.testing.JsonSchemas;

/**
 * A non-Java client end to end: kcat (librdkafka) sends image files in raw mode (key = id, headers
 * tenant and event-time) and as JSON events, the job answers, and kcat reads the committed results.
 */
class KcatEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;

    private static JobHarness harness;
    private static Kcat kcat;
    private static Path model;

    @BeforeAll
    static void start() {
        assumeTrue(Kcat.find("127.0.0.1:1").isPresent(),
                "kcat is not installed (scripts/install-deps.sh installs it): skipping the kcat end-to-end test");
        harness = new JobHarness();
        kcat = Kcat.find(harness.broker.bootstrapServers()).orElseThrow();
        model = FallbackModel.ensure(dir.resolve("model"));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void rawImageFilesFromKcatGetResultsKcatCanRead() throws Exception {
        List<byte[]> images = TestImages.picturesWithCopies(2, 1, 21); // picture 0, picture 1, a copy of picture 0
        JobConfig config = harness.newRun(model, 2, InputFormat.RAW);
        // No event-time header: the event time is the record timestamp kcat's producer sets, the same
        // clock the source's watermarks follow.
        long before = System.currentTimeMillis();
        for (int i = 0; i < images.size(); i++) {
            Path file = Files.write(dir.resolve("kcat-" + i + ".img"), images.get(i));
            kcat.produceFile(config.imagesTopic(), "k" + i, file, "tenant=acme");
        }
        JobRuns.runToEnd(config, harness.settings);

        List<String> lines = kcat.consumeCommitted(config.resultsTopic());
        assertThat(lines).hasSize(images.size());
        List<MatchResult> results = new ArrayList<>();
        for (String line : lines) {
            String key = line.substring(0, line.indexOf('\t'));
            byte[] json = line.substring(line.indexOf('\t') + 1).getBytes(StandardCharsets.UTF_8);
            JsonSchemas.requireValid("match-result", json);
            MatchResult r = MatchResultJson.parse(json);
            assertThat(r.id()).isEqualTo(key);
            assertThat(r.tenant()).isEqualTo("acme");
            results.add(r);
        }
        assertThat(results).extracting(MatchResult::id).containsExactlyInAnyOrder("k0", "k1", "k2");
        assertThat(results).allSatisfy(r -> assertThat(r.eventTime()).isGreaterThanOrEqualTo(before - 1000));
    }

    @Test
    void jsonEventsFromKcatGetResults() throws Exception {
        List<byte[]> images = TestImages.picturesWithCopies(2, 0, 22);
        JobConfig config = harness.newRun(model, 2, InputFormat.JSON);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            lines.add("j" + i + "\t{\"type\":\"image\",\"id\":\"j" + i + "\",\"tenant\":\"acme\",\"image\":\"" + Base64.getEncoder().encodeToString(images.get(i)) + "\"}");
        }
        kcat.produceLines(config.imagesTopic(), lines);
        JobRuns.runToEnd(config, harness.settings);

        List<String> out = kcat.consumeCommitted(config.resultsTopic());
        assertThat(out).extracting(l -> l.substring(0, l.indexOf('\t'))).containsExactlyInAnyOrder("j0", "j1");
        assertThat(out).allSatisfy(l -> JsonSchemas.requireValid("match-result",
                l.substring(l.indexOf('\t') + 1).getBytes(StandardCharsets.UTF_8)));
    }
}
