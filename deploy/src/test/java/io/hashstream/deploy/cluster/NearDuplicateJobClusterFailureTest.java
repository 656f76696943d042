package io.hashstream.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.deploy.RepositoryFiles;
import io.hashstream.event.DeadLetter;
import io.hashstream.event.DeadLetterJson;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;
import io.hashstream.event.MatchResultJson;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.SafeImageDecoder;
import io.hashstream.jobs.cli.demo.DemoFeed;
import io.hashstream.jobs.cli.demo.DemoImages;
import io.hashstream.jobs.cli.demo.FallbackModel;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.model.ModelCard;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The real near-duplicate job (the jobs module's cluster jar, {@code hashstream run}) on a real
 * multi-process cluster, through the failures of {@link FailureDrill} while images with edited copies
 * flow: a TaskManager killed with SIGKILL and replaced, the broker process restarted, and a stop with
 * savepoint resumed at parallelism 3. After a final drain, every input has exactly one committed
 * outcome: a result equal to the brute-force answer (same model, every earlier image of the tenant by
 * full Hamming distance), or, for the feed's broken events, a dead letter. Recovery times go to
 * target/near-duplicate-cluster-recovery.md (measured, never asserted).
 */
class NearDuplicateJobClusterFailureTest {

    private static final String IMAGES = "images";
    private static final String RESULTS = "results";
    private static final String DEAD_LETTERS = "dead-letters";
    private static final String TENANT = "acme";
    private static final int PARTITIONS = 4;
    private static final int PICTURES = 240;
    private static final int PER_SECOND = 8;
    private static final long BASE_TIME = 1_700_000_000_000L;
    private static final int RADIUS = JobConfig.defaults().radius();

    @Test
    void every_input_has_exactly_one_result_or_dead_letter_after_kills_restarts_and_rescaling() throws Exception {
        RuntimeClasspath cp = RuntimeClasspath.fromSystemProperty();
        Path dir = ClusterTestSupport.freshDirectory("near-duplicate-cluster-failure-test");
        Path model = FallbackModel.ensure(dir.resolve("model"));
        List<DemoFeed.Item> items = DemoFeed.generate(DemoImages.procedural(PICTURES, 23), 2, 23).items();
        Map<String, MatchResult> oracle = oracle(model, items);
        assertThat(oracle.values().stream().filter(r -> !r.matches().isEmpty()).count())
                .as("images with near-duplicates in the feed").isGreaterThan(PICTURES / 10);

        Map<String, String> times = FailureDrill.newTimes();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(cp, dir.resolve("kafka"));
                LocalFlinkCluster cluster = LocalFlinkCluster.start(cp, dir.resolve("flink"), ClusterSettings.forJob(2))) {
            String bootstrap = broker.bootstrapServers();
            ClusterTestSupport.createTopics(bootstrap, PARTITIONS, IMAGES, RESULTS, DEAD_LETTERS);
            cluster.startTaskManager();
            cluster.startTaskManager();
            FlinkCli cli = new FlinkCli(cluster);
            Path jar = clusterJar();
            FailureDrill.Submitter submitter = (parallelism, savepoint) -> cli.run(new FlinkCli.Submission(jar,
                    "io.hashstream.jobs.cli.HashstreamCli", List.of("run", "--bootstrap-servers", bootstrap,
                            "--images-topic", IMAGES, "--results-topic", RESULTS, "--dead-letters-topic", DEAD_LETTERS,
                            "--model", model.toString(), "--radius", Integer.toString(RADIUS),
                            // never idle: answers must not depend on how long a failure kept a partition quiet
                            "--set", JobConfig.IDLE_TIMEOUT_MS + "=0",
                            "--set", JobConfig.CHECKPOINT_INTERVAL_MS + "=2000"),
                    parallelism, savepoint));
            JobWatch job = new JobWatch(cluster, submitter.submit(2, Optional.empty()));
            job.awaitFullyRunning(Duration.ofMinutes(3));

            PacedProducer producer = new PacedProducer(bootstrap, records(items), PER_SECOND);
            producer.start();
            FailureDrill.Outcome outcome = FailureDrill.run(cluster, broker, cli, job, producer, submitter, 3, times);
            producer.awaitSent(items.size());
            assertThat(producer.failures()).isEmpty();
            // a drain stops the source where it is: first let a checkpoint cover every input record
            ClusterTestSupport.awaitConsumedToEnd(bootstrap, "hashstream-" + IMAGES, IMAGES, Duration.ofMinutes(3));
            // the end of event time: everything still waiting for the watermark is answered and committed
            times.put("records per subtask before the drain", "\n```\n" + outcome.resumed().recordCounts() + "```");
            cli.stopWithSavepoint(outcome.resumed().jobId(), true);
            times.put("records per subtask after the drain", "\n```\n" + outcome.resumed().recordCounts() + "```");

            Map<String, MatchResult> results = new HashMap<>();
            Map<String, DeadLetter> deadLetters = new HashMap<>();
            List<String> twice = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : ClusterTestSupport.readCommitted(bootstrap, List.of(RESULTS, DEAD_LETTERS),
                    rs -> rs.size() >= items.size(), Duration.ofMinutes(3))) {
                if (r.topic().equals(RESULTS)) {
                    MatchResult m = MatchResultJson.parse(r.value());
                    if (results.put(m.id(), m) != null) {
                        twice.add("result " + m.id());
                    }
                } else {
                    DeadLetter d = DeadLetterJson.parse(r.value());
                    String at = d.partition() + ":" + d.offset();
                    if (deadLetters.put(at, d) != null) {
                        twice.add("dead letter " + at);
                    }
                }
            }
            assertThat(twice).as("inputs with more than one outcome").isEmpty();

            Set<String> brokenPositions = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                if (!items.get(i).valid()) {
                    brokenPositions.add(producer.position(i));
                }
            }
            assertThat(deadLetters.keySet()).as("dead letters (partition:offset)").isEqualTo(brokenPositions);
            assertThat(results.keySet()).as("ids with a result").isEqualTo(oracle.keySet());
            for (Map.Entry<String, MatchResult> e : oracle.entrySet()) {
                assertThat(results.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(results.size() + deadLetters.size()).isEqualTo(items.size());
            assertJpegDecoderLoadedOnEveryStart(dir.resolve("flink").resolve("log"), times);
        } finally {
            ClusterTestSupport.report("near-duplicate-cluster-recovery", times);
        }
    }

    /**
     * The libjpeg-turbo binding comes with the job jar, in the user-code class loader, so every (re)start
     * of the job on a TaskManager loads it again in a new class loader of the same JVM. Where this JVM
     * has it, every such load must have worked: a "the JDK reader only" warning would mean the
     * once-per-JVM trap (the answers above would still be right, only slower, so check it here).
     */
    private static void assertJpegDecoderLoadedOnEveryStart(Path logs, Map<String, String> times) throws Exception {
        if (!SafeImageDecoder.nativeJpegAvailable()) {
            return;
        }
        List<String> loads = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("taskmanager-\\d+\\.flink\\.log")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.contains("JPEG decoding:")) {
                        loads.add(f.getFileName() + ": " + line.substring(line.indexOf("JPEG decoding:")));
                    }
                }
            }
        }
        times.put("JPEG decoder loads on the TaskManagers", "\n```\n" + String.join("\n", loads) + "\n```");
        assertThat(loads).isNotEmpty().allSatisfy(l -> assertThat(l).contains("libjpeg-turbo (native)"));
    }

    /** Item i: partition i mod 4, event time BASE + 100 i ms (rising within every partition, as a live feed's). */
    private static List<ProducerRecord<byte[], byte[]>> records(List<DemoFeed.Item> items) {
        InputEventJson json = InputEventJson.withDefaults();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            DemoFeed.Item item = items.get(i);
            long eventTime = eventTime(i);
            byte[] value = item.rawValue() != null ? item.rawValue()
                    : json.write(ImageEvent.inline(item.id(), TENANT, eventTime, item.image(), Map.of()));
            records.add(new ProducerRecord<>(IMAGES, i % PARTITIONS, eventTime, item.id().getBytes(StandardCharsets.UTF_8), value));
        }
        return records;
    }

    private static long eventTime(int index) {
        return BASE_TIME + 100L * index;
    }

    /** Every valid item's result, the slow, obvious way: each image encoded alone, compared with every earlier one. */
    private static Map<String, MatchResult> oracle(Path model, List<DemoFeed.Item> items) throws Exception {
        String modelId = ModelCard.read(model).modelId();
        Map<String, BinaryCode> codes = new HashMap<>();
        try (SavedModelEncoder encoder = SavedModelEncoder.load(model, TfThreads.wholeMachine())) {
            ImagePipeline pipeline = new ImagePipeline(encoder.input());
            for (DemoFeed.Item item : items) {
                if (item.valid()) {
                    codes.put(item.id(), encoder.encode(pipeline.toModelInput(item.image()), 1)[0]);
                }
            }
        }
        Map<String, MatchResult> expected = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            DemoFeed.Item item = items.get(i);
            if (!item.valid()) {
                continue;
            }
            List<Match> matches = new ArrayList<>();
            for (int j = 0; j < i; j++) { // event time rises with the index: the earlier images are those before
                DemoFeed.Item earlier = items.get(j);
                if (earlier.valid()) {
                    int d = codes.get(item.id()).distance(codes.get(earlier.id()));
                    if (d <= RADIUS) {
                        matches.add(new Match(earlier.id(), d, eventTime(j)));
                    }
                }
            }
            expected.put(item.id(), MatchResult.of(item.id(), TENANT, eventTime(i), modelId, codes.get(item.id()), matches));
        }
        return expected;
    }

    /** The jobs module's cluster jar (built by its package phase). */
    private static Path clusterJar() throws Exception {
        try (Stream<Path> files = Files.list(RepositoryFiles.path("jobs/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("hashstream-jobs-.*-cluster\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no cluster jar in jobs/target: build with -pl deploy -am verify"));
        }
    }
}
