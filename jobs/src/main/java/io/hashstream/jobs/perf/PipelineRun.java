package io.hashstream.jobs.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.hashstream.jobs.NearDuplicateJob;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaSinks;
import io.hashstream.jobs.kafka.KafkaSources;
import io.hashstream.jobs.kafka.KafkaTopics;

/**
 * One measured run of the whole job on a {@link JobTarget} (a MiniCluster in this JVM, or a cluster): fresh topics, the job
 * started, a warm-up batch of events sent and awaited (JIT, model load, first checkpoint), then the
 * measured events sent at the target rate while a {@code read_committed} consumer takes the
 * results, the process sampled and the window recorded with JFR. The job is cancelled at the end.
 */
final class PipelineRun {

    /** What to run. {@code rate <= 0}: as fast as possible. */
    record Spec(String name, PerfImages images, Map<String, String> jobSettings, Map<String, String> flinkSettings,
                KafkaSinks.Delivery delivery,
                int partitions, int tenants, int warmupEvents, int events, double rate, Path jfrFile, Path latencyFile) {
    }

    record Result(Spec spec, double sendRate, double sustainedRate, int received, int missing, int deadLetters,
                  int duplicates, double[] latencyMillis, ProcessSampler.Usage usage, StageProfile.Summary profile,
                  Map<String, Double> busyMsPerSecond, Map<String, Double> backPressuredMsPerSecond,
                  double indexEntries, double largestBucket, double meanBatch, double modelMicrosPerBatch,
                  double modelCoreShare, double modelWaitMicros, double matchesPerResult, double measuredSeconds,
                  List<String> slowest) {

        double latency(double q) {
            if (latencyMillis.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(q * latencyMillis.length) - 1;
            return latencyMillis[Math.max(0, Math.min(latencyMillis.length - 1, i))];
        }
    }

    /** Events after a max-rate window: enough that every input partition gets some (keys spread them). */
    static final int MAX_RATE_COOL_DOWN = 64;

    private final KafkaClientSettings kafka;
    private final JobTarget target;

    PipelineRun(KafkaClientSettings kafka, JobTarget target) {
        this.kafka = kafka;
        this.target = target;
    }

    Result run(Spec spec) throws Exception {
        String prefix = "perf-" + spec.name();
        Map<String, String> settings = new LinkedHashMap<>(spec.jobSettings());
        settings.put(JobConfig.IMAGES_TOPIC, prefix + "-images");
        settings.put(JobConfig.RESULTS_TOPIC, prefix + "-results");
        settings.put(JobConfig.DEAD_LETTERS_TOPIC, prefix + "-dead-letters");
        JobConfig config = JobConfig.fromMap(settings);
        try (KafkaTopics topics = KafkaTopics.connect(kafka)) {
            topics.ensure(KafkaJob.topics(config, spec.partitions(), (short) 1));
        }
        Configuration flink = config.toFlinkConfiguration();
        spec.flinkSettings().forEach(flink::setString);
        StreamExecutionEnvironment env = target.environment(flink);
        NearDuplicateJob job = new NearDuplicateJob(config,
                KafkaJob.source(config, kafka, prefix + "-group", KafkaSources.Bounds.UNBOUNDED),
                KafkaJob.resultSink(config, kafka, spec.delivery()),
                KafkaJob.deadLetterSink(config, kafka, spec.delivery()));
        job.attachTo(env);
        JobClient client = env.executeAsync("perf " + spec.name());
        JobMetricsView metrics = target.metrics(client);
        // The stream goes on after the measured events (not measured): otherwise the last ones would wait
        // for the sources' idle timeout before the watermark passes them, a drain that a continuous feed
        // never sees (it set the max and even p99 of earlier reports: BENCHMARKS.md, T1). At a fixed rate
        // for a while; at max rate a few events stamped past the out-of-orderness, queued behind the
        // backlog, so the job reaches them right after the last measured ones (until the fourteenth
        // session max-rate windows ended with that ~1 s drain: BENCHMARKS.md, harness caveats).
        int coolDown = spec.rate() > 0
                ? (int) Math.ceil(spec.rate() * Math.max(2.0, 2 * config.idleTimeoutMillis() / 1000.0))
                : MAX_RATE_COOL_DOWN;
        int end = spec.warmupEvents() + spec.events();
        int total = end + coolDown;
        try (ResultCollector collector = new ResultCollector(kafka, config.resultsTopic(), config.deadLettersTopic(), total);
             LoadGenerator load = new LoadGenerator(kafka, config.imagesTopic(), config.inputFormat(), spec.images().jpegs(), total,
                     spec.tenants())) {
            load.send(0, spec.warmupEvents(), Math.min(200, spec.rate() > 0 ? spec.rate() : 200));
            if (!collector.awaitAll(0, spec.warmupEvents(), Duration.ofMinutes(5))) {
                throw new IllegalStateException("warm-up results did not arrive within 5 min (job status "
                        + client.getJobStatus().get() + ")");
            }
            target.awaitFreshMetrics();
            double encodedBefore = metrics.sum("encodedImages");
            double callsBefore = metrics.sum("modelCalls");
            double modelMicrosBefore = metrics.sum("modelMicrosTotal");
            double waitMicrosBefore = metrics.sum("modelWaitMicrosTotal");
            TaskTimes busy = new TaskTimes(metrics);
            UsageWindow sampler = target.measureUsage();
            ProfileWindow profile = spec.jfrFile() != null ? target.profile(spec.jfrFile()) : null;
            long windowStart = System.nanoTime();
            int from = spec.warmupEvents();
            double sendRate;
            if (spec.rate() > 0) {
                sendRate = load.send(from, total, spec.rate());
            } else {
                sendRate = load.send(from, end, 0);
                Thread.sleep(config.outOfOrdernessMillis() + config.watermarkIntervalMillis() + 50);
                load.send(end, total, 0);
            }
            boolean complete = collector.awaitAll(from, end, Duration.ofMinutes(5));
            double measuredSeconds = (System.nanoTime() - windowStart) / 1e9;
            busy.end(measuredSeconds);
            ProcessSampler.Usage usage = sampler.stop();
            StageProfile.Summary summary = profile != null ? profile.stop() : null;
            target.awaitFreshMetrics();
            // Totals over the window (the histograms keep the last 1,024 batches, warm-up included).
            double encoded = metrics.sum("encodedImages") - encodedBefore;
            double calls = metrics.sum("modelCalls") - callsBefore;
            double modelMicrosTotal = metrics.sum("modelMicrosTotal") - modelMicrosBefore;
            double meanBatch = encoded / calls;
            double modelMicros = modelMicrosTotal / calls;
            double modelCoreShare = modelMicrosTotal / 1e6 / measuredSeconds;
            double modelWaitMicros = (metrics.sum("modelWaitMicrosTotal") - waitMicrosBefore) / calls;
            double results = metrics.sum("resultsOut");
            double matchesPerResult = results > 0 ? metrics.sum("matchesOut") / results : Double.NaN;

            long[] created = Arrays.copyOfRange(load.createdNanos(), from, end);
            long[] arrived = collector.arrivedNanos(from, end);
            int received = 0;
            long firstCreated = Long.MAX_VALUE;
            long lastArrived = Long.MIN_VALUE;
            double[] latencies = new double[created.length];
            for (int i = 0; i < created.length; i++) {
                firstCreated = Math.min(firstCreated, created[i]);
                if (arrived[i] != 0) {
                    latencies[received++] = (arrived[i] - created[i]) / 1e6;
                    lastArrived = Math.max(lastArrived, arrived[i]);
                }
            }
            latencies = Arrays.copyOf(latencies, received);
            Arrays.sort(latencies);
            List<String> slowest = perEvent(created, arrived, from, firstCreated, spec.latencyFile());
            double sustained = received / ((lastArrived - firstCreated) / 1e9);
            return new Result(spec, sendRate, sustained, received, complete ? 0 : created.length - received,
                    collector.deadLetters(), collector.duplicates(), latencies, usage, summary, busy.msPerSecond(BUSY),
                    busy.msPerSecond(BACK_PRESSURED), metrics.sum("indexEntries"), metrics.max("largestBucket"),
                    meanBatch, modelMicros, modelCoreShare, modelWaitMicros, matchesPerResult, measuredSeconds, slowest);
        } finally {
            client.cancel().get(1, TimeUnit.MINUTES);
            try {
                client.getJobExecutionResult().get(1, TimeUnit.MINUTES);
            } catch (Exception expected) {
                // cancelled
            }
        }
    }

    /**
     * Writes every measured event's creation time (ms into the window) and latency to {@code file}
     * (CSV, when not null) and names the five slowest: where in the window the tail happens.
     */
    private static List<String> perEvent(long[] created, long[] arrived, int firstSeq, long firstCreated, Path file)
            throws IOException {
        StringBuilder csv = new StringBuilder("event,created_ms,latency_ms\n");
        List<long[]> answered = new ArrayList<>();
        for (int i = 0; i < created.length; i++) {
            if (arrived[i] != 0) {
                long at = (created[i] - firstCreated) / 1_000_000;
                long latency = (arrived[i] - created[i]) / 1_000_000;
                answered.add(new long[] {firstSeq + i, at, latency});
                csv.append('e').append(firstSeq + i).append(',').append(at).append(',').append(latency).append('\n');
            }
        }
        if (file != null) {
            Files.writeString(file, csv);
        }
        answered.sort((a, b) -> Long.compare(b[2], a[2]));
        List<String> slowest = new ArrayList<>();
        for (long[] e : answered.subList(0, Math.min(5, answered.size()))) {
            slowest.add(String.format(Locale.ROOT, "e%d at +%.1f s: %d ms", e[0], e[1] / 1000.0, e[2]));
        }
        return slowest;
    }

    private static final String BUSY = "accumulateBusyTimeMs";
    private static final String BACK_PRESSURED = "accumulateBackPressuredTimeMs";

    /**
     * Each task's busy and back-pressured time over the window: the difference of Flink's accumulated
     * times (mean over subtasks) between its start and end, per second. Flink's own
     * {@code busyTimeMsPerSecond} gauges average up to the last 60 s, warm-up included.
     */
    private static final class TaskTimes {
        private final JobMetricsView metrics;
        private final Map<String, Map<String, Double>> start = new TreeMap<>();
        private final Map<String, Map<String, Double>> perSecond = new TreeMap<>();

        TaskTimes(JobMetricsView metrics) {
            this.metrics = metrics;
            for (String metric : new String[] {BUSY, BACK_PRESSURED}) {
                start.put(metric, read(metric));
            }
        }

        void end(double seconds) {
            start.forEach((metric, before) -> {
                Map<String, Double> out = new TreeMap<>();
                read(metric).forEach((task, after) -> {
                    Double b = before.get(task);
                    if (b != null) {
                        out.put(task, (after - b) / seconds);
                    }
                });
                perSecond.put(metric, out);
            });
        }

        private Map<String, Double> read(String metric) {
            try {
                return metrics.perTask(metric);
            } catch (RuntimeException e) {
                return Map.of(); // a cluster's REST API did not answer: the report shows no task times
            }
        }

        Map<String, Double> msPerSecond(String metric) {
            return perSecond.getOrDefault(metric, Map.of());
        }
    }
}
