package io.hashstream.jobs.perf;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hashstream.image.ModelInput;
import io.hashstream.image.SafeImageDecoder;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.model.EncoderPrecision;
import io.hashstream.model.TfSessions;

/** The harness's Markdown report: machine, pictures, limits, one table row per run and each run's details. */
final class PerfReport {

    private final StringBuilder head = new StringBuilder();
    private final StringBuilder limits = new StringBuilder();
    private final List<String> rows = new ArrayList<>();
    private final StringBuilder details = new StringBuilder();
    private final VariantComparison variants = new VariantComparison();
    private String lastRun = "";
    private List<Limits.EncoderLimit> encoderLimits = List.of();

    PerfReport(String command, ModelInput input, Path modelDir) {
        head.append(String.format(Locale.ROOT, "Harness run %s%n%nCommand: `%s`%n%nModel: %s (input %dx%dx%d)%n%n",
                Instant.now(), command, modelDir, input.height(), input.width(), input.channels()));
    }

    void machine(String load) {
        head.append(String.format(Locale.ROOT, "Machine: %d cores (%s), JVM max heap %d MB, load average at start %s%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() >> 20, load));
        // The embedded job decodes in this JVM; a cluster's TaskManagers log their own choice.
        head.append("JPEG decoding in this JVM: ").append(SafeImageDecoder.nativeJpegAvailable()
                ? "libjpeg-turbo for plain JPEGs" : "the JDK reader only (" + SafeImageDecoder.nativeJpegUnavailableReason() + ")")
                .append("\n\n");
    }

    void target(String description) {
        head.append("Job: ").append(description).append("\n\n");
    }

    void pictures(Collection<PerfImages> all) {
        for (PerfImages p : all) {
            head.append(String.format(Locale.ROOT, "Pictures %s: %d distinct JPEG (q 0.85), mean %.1f KB, %s%n%n",
                    p.label(), p.jpegs().size(), p.meanBytes() / 1024, p.source()));
        }
    }

    void encoderLimits(List<Limits.EncoderLimit> l, int slots, String load) {
        encoderLimits = new ArrayList<>(encoderLimits);
        encoderLimits.addAll(l);
        limits.append(String.format(Locale.ROOT, "Encoder alone (preprocessed tensors in memory → codes through the shared session, "
                + "TF pools for %d slot(s): %s; load %s). The row with the most callers is the ceiling the pipeline/encoder "
                + "ratio uses (at the run's precision):%n%n| batch | callers | images/s | µs per batch | device |%n|---:|---:|---:|---:|---|%n",
                slots, TfSessions.processThreads(), load));
        for (Limits.EncoderLimit e : l) {
            limits.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %s |%n", e.batchSize(), e.callers(),
                    e.imagesPerSecond(), e.microsPerBatch(), e.device() + " " + e.precision()));
        }
        limits.append('\n');
    }

    void imageLimit(Limits.ImageLimit l, String load) {
        limits.append(String.format(Locale.ROOT, "Decode alone %s (one thread; load %s): decode %.0f µs (%.0f/s), preprocess %.0f µs, "
                        + "decode+preprocess %.0f images/s (%.0f with jpeg-decode=dct-scaled), mean %.1f KB%n%n", l.size(), load,
                l.decodeMicros(), l.decodePerSecond(), l.preprocessMicros(), l.pipelinePerSecond(), l.dctScaledPerSecond(),
                l.meanBytes() / 1024));
    }

    void kafkaLimit(Limits.KafkaLimit l, String load) {
        limits.append(String.format(Locale.ROOT, "Kafka alone %s (produce + read_committed consume of %d records, same broker; load %s): "
                + "%.0f records/s, %.1f MB/s%n%n", l.size(), l.records(), load, l.recordsPerSecond(), l.megabytesPerSecond()));
    }

    String limitsMarkdown() {
        return limits.toString();
    }

    /**
     * @param condition what the run measured apart from its variant (pictures, parallelism, batch, delivery,
     *     rate): runs of one condition are compared side by side
     */
    void run(PipelineRun.Result r, JobConfig config, String condition, String variant, String variantSettings,
             String loadBefore, String loadAfter) {
        variants.add(condition, variant, r.spec().name(), r.sustainedRate(), r.usage().cpuCores());
        double encoder = encoderAt(config.batchSize(), config.encoderPrecision());
        String row = String.format(Locale.ROOT,
                "| %s | %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f%% | %d / %d | %d | %.0f | %.1f | %.0f | %.2f | %s | %s |",
                r.spec().name(), r.spec().images().label(), r.spec().delivery().guarantee().name().toLowerCase(Locale.ROOT),
                r.spec().rate() > 0 ? r.spec().rate() : Double.NaN, r.sendRate(), r.sustainedRate(),
                r.latency(0.5), r.latency(0.95), r.latency(0.99), r.latency(1.0),
                100 * r.usage().cpuShare(), r.usage().peakHeapBytes() >> 20, r.usage().peakRssBytes() >> 20,
                r.missing(), r.indexEntries(), r.meanBatch(), r.modelMicrosPerBatch(),
                r.sustainedRate() / encoder, loadBefore, loadAfter);
        rows.add(row);
        StringBuilder d = new StringBuilder();
        d.append(String.format(Locale.ROOT, "%n#### %s%n%n", r.spec().name()));
        d.append("Variant: ").append(variant).append(' ').append(variantSettings).append("\n\n");
        d.append(String.format(Locale.ROOT, "Settings: parallelism %d, batch %d, flush %d ms, checkpoint %d ms, out-of-orderness %d ms, "
                        + "%s state, %d partitions, %d tenant(s), %d warm-up + %d measured events; load before/after %s / %s%n%n",
                config.parallelism(), config.batchSize(), config.flushMillis(), config.checkpointIntervalMillis(),
                config.outOfOrdernessMillis(), config.stateBackend().name().toLowerCase(Locale.ROOT), r.spec().partitions(), r.spec().tenants(),
                r.spec().warmupEvents(), r.spec().events(), loadBefore, loadAfter));
        d.append(String.format(Locale.ROOT, "Outputs: %d of %d measured events answered (%d missing), %d dead letters, %d duplicates; "
                        + "%.2f matches per result; largest bucket %.0f; window %.1f s; CPU %.2f of %d cores; heap peak %d MB, end %d MB; "
                        + "RSS peak %d MB%n%n",
                r.received(), r.spec().events(), r.missing(), r.deadLetters(), r.duplicates(), r.matchesPerResult(), r.largestBucket(),
                r.measuredSeconds(), r.usage().cpuCores(), Runtime.getRuntime().availableProcessors(),
                r.usage().peakHeapBytes() >> 20, r.usage().endHeapBytes() >> 20, r.usage().peakRssBytes() >> 20));
        d.append(memoryLine(r)).append("\n\n");
        d.append("Slowest events (created at +s into the window; every event in ").append(r.spec().name())
                .append("-latency.csv): ").append(String.join("; ", r.slowest())).append("\n\n");
        d.append(String.format(Locale.ROOT, "Model (encode operator's counters over the window): mean batch %.1f, %.0f µs per call, "
                + "%.2f cores busy in model calls%s%n%n", r.meanBatch(), r.modelMicrosPerBatch(), r.modelCoreShare(),
                Double.isNaN(r.modelWaitMicros()) ? "" : String.format(Locale.ROOT,
                        "; with overlap the task waited %.0f µs per batch for the model", r.modelWaitMicros())));
        d.append("CPU by thread over the window (cores; /proc, so native and kernel time count too; busiest threads named):\n\n");
        for (ThreadCpu.Group g : r.usage().threads()) {
            if (g.cores() >= 0.005) {
                d.append(String.format(Locale.ROOT, "- %.2f %s (%s)%n", g.cores(), g.name(), String.join(", ", g.threads())));
            }
        }
        d.append('\n');
        d.append("Task busy / back-pressured ms per s over the window (Flink's accumulated times, mean over subtasks):\n\n");
        for (Map.Entry<String, Double> e : r.busyMsPerSecond().entrySet()) {
            d.append(String.format(Locale.ROOT, "- %s: busy %.0f, back-pressured %.0f%n", e.getKey(), e.getValue(),
                    r.backPressuredMsPerSecond().getOrDefault(e.getKey(), Double.NaN)));
        }
        StageProfile.Summary p = r.profile();
        if (p != null) {
            d.append(String.format(Locale.ROOT, "%nJFR (%s): %d Java execution samples; share by stage:%n%n", p.file().getFileName(), p.javaSamples()));
            for (Map.Entry<String, Long> e : p.byStage().entrySet()) {
                d.append(String.format(Locale.ROOT, "- %s: %.1f%%%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, p.javaSamples())));
            }
            d.append(String.format(Locale.ROOT, "%nNative-method samples: %d, of which inside TensorFlow calls: %d%n%nHottest top frames:%n%n",
                    p.nativeSamples(), p.nativeSamplesInModel()));
            for (Map.Entry<String, Long> e : p.topFrames().entrySet()) {
                d.append(String.format(Locale.ROOT, "- %s: %.1f%%%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, p.javaSamples())));
            }
        }
        details.append(d);
        lastRun = "| run | images | delivery | target/s | sent/s | sustained/s | p50 ms | p95 ms | p99 ms | max ms | CPU | heap / RSS MB | missing | index entries | mean batch | µs/batch | pipeline/encoder | load before | load after |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n" + row + "\n" + d + "\n";
    }

    /**
     * The ceiling at {@code batch} for a job asking for {@code precision}: the measurement with the most
     * concurrent callers (asked for the same precision; a CPU without bfloat16 measured float32 for it).
     */
    private double encoderAt(int batch, EncoderPrecision precision) {
        return encoderLimits.stream()
                .filter(e -> e.batchSize() == batch && e.requested() == precision)
                .max(Comparator.comparingInt(Limits.EncoderLimit::callers))
                .map(Limits.EncoderLimit::imagesPerSecond)
                .orElse(Double.NaN); // the encoder limit was not measured at this batch size
    }

    String lastRunMarkdown() {
        return lastRun;
    }

    /** The variants side by side ({@link VariantComparison}); empty with a single variant. */
    String variantsMarkdown() {
        return variants.markdown();
    }

    String markdown() {
        StringBuilder s = new StringBuilder(head).append(limits);
        s.append("| run | images | delivery | target/s | sent/s | sustained/s | p50 ms | p95 ms | p99 ms | max ms | CPU | heap / RSS MB | missing | index entries | mean batch | µs/batch | pipeline/encoder | load before | load after |\n");
        s.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        rows.forEach(r -> s.append(r).append('\n'));
        return s.append('\n').append(variantsMarkdown()).append(details).toString();
    }

    /**
     * RSS over the window: where it started and ended, and its least-squares slope over the second half.
     * In a long run a native leak shows as a slope that does not fall to ~0 once the heap's pages are in.
     */
    static String memoryLine(PipelineRun.Result r) {
        List<MemoryTimeline.Point> points = r.usage().memory().points();
        if (points.isEmpty()) {
            return "Memory over the window: no samples";
        }
        MemoryTimeline.Point first = points.get(0);
        MemoryTimeline.Point last = points.get(points.size() - 1);
        return String.format(Locale.ROOT, "Memory over the window (one point a second in %s-memory.csv): RSS %d MB at +%.0f s, "
                        + "%d MB at +%.0f s; RSS slope over the second half %+.1f MB/min",
                r.spec().name(), first.rssBytes() >> 20, first.seconds(), last.rssBytes() >> 20, last.seconds(),
                r.usage().memory().rssSlopeBytesPerMinute(0.5) / 1048576.0);
    }
}
