package io.hashstream.jobs.perf;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.hashstream.image.ModelInput;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.EmbeddedKafkaBroker;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaSinks;
import io.hashstream.model.EncoderPrecision;
import io.hashstream.model.ModelCard;
import io.hashstream.model.TfThreads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perf}: measures the whole near-duplicate job end to end (Kafka in → Flink MiniCluster → Kafka
 * out, read back {@code read_committed}) next to its ceilings measured in the same JVM (encoder alone,
 * decode alone, Kafka alone), and writes a Markdown report. Each combination of the list options is
 * one run on fresh topics; {@code --rate half} means half the sustained rate of the preceding
 * {@code max} run of the same shape.
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = "Measure the job end to end (throughput, latency, CPU, memory, stage shares, JFR hot frames) against its limits.")
public final class PerfCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", description = "External broker; default: an embedded KRaft broker in this JVM.")
    String bootstrapServers;

    @Option(names = "--flink-rest", description = "Run the job on this Flink session cluster (REST URL, e.g. http://localhost:8081) "
            + "instead of a MiniCluster in this JVM; needs --job-jar, and --bootstrap-servers the cluster can reach. "
            + "scripts/perf-cluster.sh starts a local multi-process cluster and passes these.")
    URI flinkRest;

    @Option(names = "--job-jar", description = "The job jar submitted with --flink-rest (jobs/target/hashstream-jobs-*-cluster.jar).")
    Path jobJar;

    @Option(names = "--model-dir", defaultValue = "models/default", description = "SavedModel (default: ${DEFAULT-VALUE}, the job's default model).")
    Path modelDir;

    @Option(names = "--image-size", split = ",", defaultValue = "256x256", description = "WIDTHxHEIGHT JPEG sizes (default: ${DEFAULT-VALUE}).")
    List<String> imageSizes;

    @Option(names = "--images", defaultValue = "1000", description = "Distinct pictures per size, cycled (default: ${DEFAULT-VALUE}).")
    int distinctImages;

    @Option(names = "--events", defaultValue = "5000", description = "Measured events per run (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--warmup", defaultValue = "500", description = "Warm-up events per run, not measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rate", split = ",", defaultValue = "max", description = "Events/s per run: max, half (of the last max run) or a number (default: ${DEFAULT-VALUE}).")
    List<String> rates;

    @Option(names = "--delivery", split = ",", defaultValue = "at-least-once", description = "at-least-once and/or exactly-once (default: ${DEFAULT-VALUE}).")
    List<String> deliveries;

    @Option(names = "--batch-size", split = ",", defaultValue = "64", description = "Encoder batch sizes B (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--parallelism", split = ",", defaultValue = "1", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    List<Integer> parallelisms;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--tenants", defaultValue = "1", description = "Tenants the events are spread over, round robin; "
            + "an image is matched only against its own tenant's earlier images (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--set", description = "Other job settings KEY=VALUE (JobConfig keys), for every run.")
    Map<String, String> extraSettings = new LinkedHashMap<>();

    @Option(names = "--variant", description = "Variants compared side by side in every run shape: NAME:KEY=VALUE,KEY=VALUE "
            + "(job settings, or Flink settings prefixed flink.). Default: one variant 'default' with no changes.")
    List<String> variants = new ArrayList<>();

    @Option(names = "--mirror-rounds", description = "Run every second round of variants in reverse order (A B C, C B A, ...), "
            + "so that a variant's place in the round cancels out.")
    boolean mirrorRounds;

    @Option(names = "--skip-limits", description = "Do not measure the limits (encoder, decode, Kafka alone) first.")
    boolean skipLimits;

    @Option(names = "--limit-seconds", defaultValue = "3", description = "Length of each timed limit loop (default: ${DEFAULT-VALUE}).")
    int limitSeconds;

    @Option(names = "--encoder-batch-sizes", split = ",", defaultValue = "1,16,64,256", description = "Batch sizes of the encoder-alone limit.")
    List<Integer> encoderBatchSizes;

    @Option(names = "--kafka-records", defaultValue = "20000", description = "Records of the Kafka-alone limit (default: ${DEFAULT-VALUE}).")
    int kafkaRecords;

    @Option(names = "--skip-jfr", description = "Do not record the measured windows with JFR.")
    boolean skipJfr;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--out", defaultValue = "target/perf", description = "Report and JFR directory (default: ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        int exit = new CommandLine(new PerfCommand()).execute(args);
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
        Path reportFile = out.resolve("perf-" + stamp + ".md");
        ModelInput input = ModelCard.read(modelDir).input();
        if (flinkRest != null && (jobJar == null || bootstrapServers == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--flink-rest needs --job-jar and --bootstrap-servers");
        }
        JobTarget target = flinkRest != null ? new ClusterTarget(flinkRest, jobJar) : new EmbeddedTarget();
        PerfReport report = new PerfReport(commandLine(), input, modelDir);
        report.machine(loadAverage());
        report.target(target.describe());
        if (flinkRest == null && parallelisms.stream().distinct().count() > 1) {
            // TensorFlow's thread pools are per process, sized by the first session: every later run in
            // this JVM keeps them, whatever its parallelism.
            String note = "Note: TensorFlow's thread pools are per process and sized for the first parallelism here ("
                    + parallelisms.get(0) + "); runs at other parallelisms in this JVM use the same pools. To compare"
                    + " parallelisms, run one per invocation.";
            System.out.println(note);
            report.target(note);
        }

        Map<String, PerfImages> pictures = new LinkedHashMap<>();
        for (String size : imageSizes) {
            String[] wh = size.toLowerCase(Locale.ROOT).split("x");
            PerfImages images = PerfImages.generate(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), distinctImages, seed);
            pictures.put(images.label(), images);
            System.out.printf("pictures %s: %d, mean %.0f bytes, %s%n", images.label(), images.jpegs().size(), images.meanBytes(), images.source());
        }
        report.pictures(pictures.values());

        EmbeddedKafkaBroker broker = bootstrapServers == null ? EmbeddedKafkaBroker.start() : null;
        try {
            KafkaClientSettings kafka = KafkaClientSettings.of(broker != null ? broker.bootstrapServers() : bootstrapServers);
            if (!skipLimits) {
                Limits l = new Limits(Duration.ofSeconds(limitSeconds));
                int slots = parallelisms.get(0);
                for (EncoderPrecision precision : precisionsInUse()) {
                    report.encoderLimits(l.encoder(modelDir, TfThreads.shareOf(slots), slots,
                            pictures.values().iterator().next().jpegs(), encoderBatchSizes, precision), slots, loadAverage());
                }
                for (PerfImages images : pictures.values()) {
                    report.imageLimit(l.image(images, input), loadAverage());
                    report.kafkaLimit(l.kafka(kafka, images, partitions, kafkaRecords), loadAverage());
                }
                System.out.print(report.limitsMarkdown());
            }
            PipelineRun runner = new PipelineRun(kafka, target);
            Map<String, Map<String, String>> variantSettings = variants();
            int n = 0;
            RoundOrder roundOrder = new RoundOrder(mirrorRounds);
            for (PerfImages images : pictures.values()) {
                for (int parallelism : parallelisms) {
                    for (int batch : batchSizes) {
                        Map<String, Double> lastMax = new HashMap<>();
                        for (String delivery : deliveries) {
                            for (String rateSpec : rates) {
                                String condition = String.format(Locale.ROOT, "%s, parallelism %d, batch %d, %s, rate %s",
                                        images.label(), parallelism, batch, delivery, rateSpec);
                                for (Map.Entry<String, Map<String, String>> variant
                                        : roundOrder.next(condition, List.copyOf(variantSettings.entrySet()))) {
                                    double rate = rate(rateSpec, lastMax.getOrDefault(variant.getKey(), Double.NaN));
                                    String name = String.format(Locale.ROOT, "r%d-%s-p%d-b%d-%s-%s%s", ++n, images.label(), parallelism, batch,
                                            delivery.startsWith("exactly") ? "eo" : "alo", rateSpec,
                                            variantSettings.size() > 1 ? "-" + variant.getKey() : "");
                                    Map<String, String> settings = new LinkedHashMap<>();
                                    Map<String, String> flinkSettings = new LinkedHashMap<>();
                                    settings.put(JobConfig.MODEL_DIR, modelDir.toAbsolutePath().toString());
                                    settings.put(JobConfig.INPUT_FORMAT, "raw");
                                    settings.put(JobConfig.BATCH_SIZE, Integer.toString(batch));
                                    settings.put(JobConfig.PARALLELISM, Integer.toString(parallelism));
                                    settings.putAll(extraSettings);
                                    split(variant.getValue(), settings, flinkSettings);
                                    KafkaSinks.Delivery d = delivery.startsWith("exactly")
                                            ? KafkaSinks.Delivery.exactlyOnce("perf-" + name + "-" + stamp)
                                            : KafkaSinks.Delivery.atLeastOnce();
                                    String loadBefore = loadAverage();
                                    System.out.printf("run %s (rate %s) ... load %s%n", name, rate > 0 ? String.format("%.0f/s", rate) : "max", loadBefore);
                                    PipelineRun.Result r = runner.run(new PipelineRun.Spec(name, images, settings, flinkSettings, d, partitions,
                                            tenants, warmup, events, rate, skipJfr ? null : out.resolve(name + ".jfr"),
                                            out.resolve(name + "-latency.csv")));
                                    r.usage().memory().writeCsv(out.resolve(name + "-memory.csv"));
                                    report.run(r, JobConfig.fromMap(settings), condition, variant.getKey(),
                                            variant.getValue().toString(), loadBefore, loadAverage());
                                    System.out.print(report.lastRunMarkdown());
                                    if (rate <= 0) {
                                        lastMax.put(variant.getKey(), r.sustainedRate());
                                    }
                                    Files.writeString(reportFile, report.markdown(), StandardCharsets.UTF_8);
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        Files.writeString(reportFile, report.markdown(), StandardCharsets.UTF_8);
        System.out.print(report.variantsMarkdown());
        System.out.println("report: " + reportFile.toAbsolutePath());
        return 0;
    }

    /** The encoder precisions the runs ask for (--set, then each variant), each measured alone first. */
    private Set<EncoderPrecision> precisionsInUse() {
        Set<EncoderPrecision> out = new TreeSet<>();
        for (Map<String, String> variant : variants().values()) {
            Map<String, String> settings = new LinkedHashMap<>(extraSettings);
            split(variant, settings, new LinkedHashMap<>());
            out.add(JobConfig.fromMap(settings).encoderPrecision());
        }
        return out;
    }

    /** A variant's settings into job settings and Flink settings (those prefixed {@code flink.}, prefix dropped). */
    private static void split(Map<String, String> variant, Map<String, String> job, Map<String, String> flink) {
        variant.forEach((k, v) -> {
            if (k.startsWith("flink.")) {
                flink.put(k.substring("flink.".length()), v);
            } else {
                job.put(k, v);
            }
        });
    }

    private Map<String, Map<String, String>> variants() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (variants.isEmpty()) {
            out.put("default", Map.of());
        }
        for (String v : variants) {
            int colon = v.indexOf(':');
            String name = colon < 0 ? v : v.substring(0, colon);
            Map<String, String> kv = new LinkedHashMap<>();
            if (colon >= 0 && colon < v.length() - 1) {
                for (String pair : v.substring(colon + 1).split(",")) {
                    String[] p = pair.split("=", 2);
                    if (p.length != 2) {
                        throw new CommandLine.ParameterException(new CommandLine(this), "bad --variant setting '" + pair + "' in " + v);
                    }
                    kv.put(p[0].trim(), p[1].trim());
                }
            }
            out.put(name, kv);
        }
        return out;
    }

    private static double rate(String spec, double lastMax) {
        return switch (spec) {
            case "max" -> 0;
            case "half" -> {
                if (Double.isNaN(lastMax)) {
                    throw new CommandLine.ParameterException(new CommandLine(new PerfCommand()), "--rate half needs a max run before it");
                }
                yield lastMax / 2;
            }
            default -> Double.parseDouble(spec);
        };
    }

    private String commandLine() {
        return "perf " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
