package io.hashstream.jobs.perf;

import io.hashstream.jobs.NearDuplicateJob;
import io.hashstream.jobs.config.IndexLayout;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.config.StateBackendKind;
import io.hashstream.jobs.pipeline.GatherFunction;
import io.hashstream.jobs.pipeline.IndexCommand;
import io.hashstream.jobs.serde.IndexCommandSerializer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One index-scale run: the job's index stages ({@link NearDuplicateJob#attachIndex}: id registry →
 * index shards → gather, the job's operators and serializers) on a MiniCluster in this JVM, fed by a
 * generator of encoded images ({@link SyntheticCodes}) that the harness holds and releases through
 * {@link GeneratorGate}. At each size the run waits until every released image has its result (so the
 * index holds all of them), then measures heap after full GC, the RocksDB directory, a savepoint's
 * size per operator, and probe latency with a slow stream of further images.
 */
final class IndexScaleRun {

    record Settings(StateBackendKind backend, List<Long> sizes, int tenants, double nearDuplicateShare, long seed,
            int probes, double probeRate, int hotBucketCap, int substrings, IndexLayout layout, int indexShards,
            int parallelism, String managedMemory,
            long watermarkIntervalMillis, long bufferTimeoutMillis, long checkpointIntervalMillis, Duration timeBox,
            boolean savepoints, Path workDir) {
    }

    /** Measurements with the index at {@code images} images. */
    record Point(long images, boolean complete, double postings, double droppedInserts, double largestBucket,
            double fillSeconds, double imagesPerSecond, long heapBytes, long rocksDbDirBytes,
            long savepointBytes, Map<String, Long> savepointBytesPerOperator, double probeP50Millis,
            double probeP99Millis, double probeMaxMillis, String loadBefore, String loadAfter) {
    }

    record Result(Settings settings, long baselineHeapBytes, List<Point> points, String stopReason) {
    }

    private static final long PROGRESS_NANOS = Duration.ofSeconds(30).toNanos();
    private static final String LATENCY = "eventToResultMillis";

    private final Settings s;

    IndexScaleRun(Settings settings) {
        this.s = settings;
    }

    Result run() throws Exception {
        long deadline = System.nanoTime() + s.timeBox().toNanos();
        Path rocksDir = s.workDir().resolve("rocksdb");
        Path savepointsDir = s.workDir().resolve("savepoints");
        Files.createDirectories(rocksDir);
        Files.createDirectories(savepointsDir);

        JobConfig config = JobConfig.defaults().with(Map.of(
                JobConfig.STATE_BACKEND, s.backend().name().toLowerCase(Locale.ROOT),
                // Nothing may expire while the index fills: event times advance 1 ms per image.
                JobConfig.RETENTION_MS, Long.toString(Duration.ofDays(3650).toMillis()),
                JobConfig.HOT_BUCKET_CAP, Integer.toString(s.hotBucketCap()),
                JobConfig.SUBSTRINGS, Integer.toString(s.substrings()),
                JobConfig.INDEX_LAYOUT, s.layout().name(),
                JobConfig.INDEX_SHARDS, Integer.toString(s.indexShards()),
                JobConfig.CHECKPOINT_INTERVAL_MS, Long.toString(s.checkpointIntervalMillis()),
                JobConfig.PARALLELISM, Integer.toString(s.parallelism())));
        Configuration flink = config.toFlinkConfiguration();
        flink.setString("pipeline.auto-watermark-interval", s.watermarkIntervalMillis() + " ms");
        flink.setString("taskmanager.memory.managed.size", s.managedMemory());
        flink.setString("state.backend.rocksdb.localdir", rocksDir.toString());
        flink.setString("execution.checkpointing.storage", "filesystem");
        flink.setString("execution.checkpointing.dir", s.workDir().resolve("checkpoints").toUri().toString());
        flink.setString("execution.buffer-timeout.interval", s.bufferTimeoutMillis() + " ms");
        JobMetrics.install(flink);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);

        GeneratorGate.reset();
        DataGeneratorSource<IndexCommand> generator = new DataGeneratorSource<>(
                new SyntheticCodes(s.seed(), s.tenants(), s.nearDuplicateShare(), config.radius()),
                Long.MAX_VALUE / 4, GeneratorGate.strategy(), IndexCommandSerializer.TYPE);
        // Event times increase by 1 ms per image: monotonous watermarks, every watermark interval.
        DataStream<IndexCommand> encoded = env.fromSource(generator,
                        WatermarkStrategy.<IndexCommand>forMonotonousTimestamps()
                                .withTimestampAssigner((c, previous) -> c.eventTime()),
                        "synthetic-encoded-images", IndexCommandSerializer.TYPE)
                .setParallelism(1).uid("synthetic-encoded-images");
        NearDuplicateJob.IndexStages index = NearDuplicateJob.attachIndex(config, encoded);
        index.results().sinkTo(new DiscardingSink<>()).name("results").uid("results-sink");
        index.deadLetters().sinkTo(new DiscardingSink<>()).name("dead-letters").uid("dead-letters-sink");

        JobClient client = env.executeAsync("index-scale " + s.backend());
        List<Point> points = new ArrayList<>();
        String stop = "all sizes reached";
        try {
            awaitRunning(client);
            Thread.sleep(2_000);
            long baseline = heapAfterFullGc();
            for (long size : s.sizes()) {
                String loadBefore = load();
                long start = System.nanoTime();
                long fromResults = (long) JobMetrics.sum("resultsOut");
                GeneratorGate.openUntil(size, 0);
                boolean complete = awaitResults(size, deadline, client);
                double seconds = (System.nanoTime() - start) / 1e9;
                long images = complete ? size : (long) JobMetrics.sum("resultsOut");
                if (!complete) {
                    // Time box: stop the source and let what it released settle before measuring.
                    long released = GeneratorGate.emitted();
                    GeneratorGate.openUntil(released, 0);
                    awaitResults(released, System.nanoTime() + Duration.ofMinutes(10).toNanos(), client);
                    images = released;
                }
                double rate = (JobMetrics.sum("resultsOut") - fromResults) / seconds;
                Point p = measure(client, images, complete, seconds, rate, baseline, rocksDir, savepointsDir, loadBefore);
                points.add(p);
                System.out.println(IndexScaleReport.line(s, baseline, p));
                if (!complete) {
                    stop = "time box of " + s.timeBox().toMinutes() + " min reached while filling to " + size;
                    break;
                }
            }
            return new Result(s, baseline, points, stop);
        } finally {
            if (!client.getJobStatus().get().isTerminalState()) {
                client.cancel().get();
            }
            // Cancel returns before the tasks have disposed their state (RocksDB deletes its own files).
            client.getJobExecutionResult().handle((r, e) -> null).get();
        }
    }

    private Point measure(JobClient client, long images, boolean complete, double fillSeconds, double rate,
            long baseline, Path rocksDir, Path savepointsDir, String loadBefore) throws Exception {
        double postings = JobMetrics.sum("indexEntries");
        double dropped = JobMetrics.sum("hotBucketDroppedInserts");
        double largest = JobMetrics.max("largestBucket");
        long heap = heapAfterFullGc() - baseline;
        long savepointBytes = -1;
        Map<String, Long> perOperator = Map.of();
        if (s.savepoints()) {
            // RocksDB: the native savepoint flushes the memtables and hard-links the SST files.
            SavepointFormatType format = s.backend() == StateBackendKind.ROCKSDB
                    ? SavepointFormatType.NATIVE : SavepointFormatType.CANONICAL;
            String location = client.triggerSavepoint(savepointsDir.toUri().toString(), format).get();
            Path dir = Path.of(URI.create(location.startsWith("file:") ? location : "file:" + location));
            savepointBytes = directoryBytes(dir);
            perOperator = operatorSizes(dir);
            deleteTree(dir);
        }
        long rocksBytes = s.backend() == StateBackendKind.ROCKSDB ? directoryBytes(rocksDir) : -1;

        // Every gather subtask's latency window must hold probes only, not the end of the fill (whose
        // results queued behind the backlog): probe until each subtask has answered a window's worth.
        // In one stream if possible: the newest probe of a batch is answered only when a later event
        // moves the watermark, so a pause between two batches (the wait for results and metrics, about
        // half a second) would be one probe's latency. Sized for every subtask with a quarter to spare
        // for uneven routing; a further batch follows only if routing was more uneven than that.
        Map<String, Long> before = JobMetrics.histogramCounts(LATENCY);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int batch = Math.max(s.probes(), GatherFunction.LATENCY_WINDOW * Math.max(1, before.size()) * 5 / 4 + 64);
        while (true) {
            long probed = GeneratorGate.emitted() + batch;
            GeneratorGate.openUntil(probed, s.probeRate());
            if (!awaitResults(probed, deadline, client)) {
                throw new IllegalStateException("probes unanswered after 10 minutes");
            }
            List<Long> answered = probesPerSubtask(before);
            long fewest = answered.stream().mapToLong(Long::longValue).min().orElse(0);
            if (fewest >= GatherFunction.LATENCY_WINDOW) {
                break;
            }
            batch = (int) ((GatherFunction.LATENCY_WINDOW - fewest) * answered.size() + 64);
        }
        double p50 = JobMetrics.pooledQuantile(LATENCY, 0.5);
        double p99 = JobMetrics.pooledQuantile(LATENCY, 0.99);
        double max = JobMetrics.pooledQuantile(LATENCY, 1.0);
        return new Point(images, complete, postings, dropped, largest, fillSeconds, rate, heap, rocksBytes,
                savepointBytes, perOperator, p50, p99, max, loadBefore, load());
    }

    /** How many results each gather subtask produced since {@code before}. */
    private static List<Long> probesPerSubtask(Map<String, Long> before) {
        List<Long> out = new ArrayList<>();
        JobMetrics.histogramCounts(LATENCY).forEach((id, count) -> out.add(count - before.getOrDefault(id, 0L)));
        return out;
    }

    /**
     * Waits until the source released {@code target} images and all but the newest have a result (the
     * newest waits for a later watermark). False when the deadline passes first.
     */
    private static boolean awaitResults(long target, long deadlineNanos, JobClient client) throws Exception {
        double last = -1;
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        while (System.nanoTime() < deadlineNanos) {
            Thread.sleep(500);
            double results = JobMetrics.sum("resultsOut");
            long emitted = GeneratorGate.emitted();
            if (System.nanoTime() > nextProgress) {
                nextProgress += PROGRESS_NANOS;
                System.err.printf(Locale.ROOT, "# %s: %,d images released, %,.0f results, %,.0f postings, load %s%n",
                        java.time.Instant.now(), emitted, results, JobMetrics.sum("indexEntries"), load());
            }
            if (emitted >= target && results >= emitted - 2 && results == last) {
                return true;
            }
            last = results;
            JobStatus status = client.getJobStatus().get();
            if (status.isTerminalState()) {
                throw new IllegalStateException("job ended: " + status);
            }
        }
        return false;
    }

    private static void awaitRunning(JobClient client) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (client.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("job not running after 2 min: " + client.getJobStatus().get());
            }
            Thread.sleep(200);
        }
    }

    /** Used heap after repeated full collections (System.gc() is a full GC with G1 and Parallel). */
    static long heapAfterFullGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Savepoint bytes per operator uid (or name, or id), from the savepoint's metadata. */
    private static Map<String, Long> operatorSizes(Path savepoint) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(savepoint.resolve("_metadata"))) {
            CheckpointMetadata metadata = Checkpoints.loadCheckpointMetadata(new DataInputStream(in),
                    IndexScaleRun.class.getClassLoader(), savepoint.toString());
            for (OperatorState op : metadata.getOperatorStates()) {
                if (op.getStateSize() > 0) {
                    String name = op.getOperatorUid().or(op::getOperatorName).orElse(op.getOperatorID().toHexString());
                    sizes.merge(name, op.getStateSize(), Long::sum);
                }
            }
        }
        return sizes;
    }

    static long directoryBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // RocksDB deleted it (compaction) while we walked
                }
            }).sum();
        }
    }

    /** Deletes {@code dir}; files that vanish meanwhile (a closing RocksDB cleans up too) are fine. */
    static void deleteTree(Path dir) throws IOException {
        for (int attempt = 0; Files.exists(dir); attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException | IOException e) {
                if (attempt >= 5) {
                    throw e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                }
            }
        }
    }

    /** The 1-, 5- and 15-minute load averages. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
