package io.hashstream.jobs.perf;

import io.hashstream.jobs.config.IndexLayout;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.config.StateBackendKind;
import io.hashstream.jobs.perf.IndexScaleRun.Result;
import io.hashstream.jobs.perf.IndexScaleRun.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code index-scale}: the job's index (id registry → shards → gather) filled to millions of images in
 * a MiniCluster, with heap or RocksDB state: memory and savepoint bytes per entry, inserts/s and probe
 * latency at each size. The images arrive already encoded (synthetic 64-bit codes), so the index is
 * measured without the image path's ~400 events/s ceiling.
 */
@Command(name = "index-scale", mixinStandardHelpOptions = true,
        description = "Fill the job's index with synthetic codes to the given sizes; report bytes per entry, inserts/s, probe latency.")
public final class IndexScaleCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", defaultValue = "1000000,3000000,10000000",
            description = "Index sizes (images) to measure at, increasing (default: ${DEFAULT-VALUE}).")
    List<Long> sizes;

    @Option(names = "--state-backend", split = ",", defaultValue = "heap",
            description = "heap and/or rocksdb, one run each (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--tenants", defaultValue = "1", description = "Tenants, round robin (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--near-duplicate-share", defaultValue = "0.1",
            description = "Share of images that are near-duplicates of an earlier one (default: ${DEFAULT-VALUE}).")
    double nearDuplicateShare;

    @Option(names = "--seed", defaultValue = "7", description = "Code generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--probes", defaultValue = "1100",
            description = "Images sent at a fixed rate after each size to measure probe latency; at least 1024, the window"
                    + " of the gather's latency histogram. At parallelism p at least 1.25 x 1024 x p are sent, and more"
                    + " follow until every gather subtask's window holds probes only (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--probe-rate", defaultValue = "100", description = "Probe images/s (default: ${DEFAULT-VALUE}).")
    double probeRate;

    @Option(names = "--hot-bucket-cap", description = "Most postings per bucket (default: the job's, 10,000).")
    Integer hotBucketCap;

    @Option(names = "--substrings", defaultValue = "0",
            description = "Index tables m (the job's substrings setting; default: ${DEFAULT-VALUE} = the job's, radius + 1).")
    int substrings;

    @Option(names = "--index-layout", defaultValue = "buckets",
            description = "The job's index layout: buckets (a key per bucket), shards (a packed index per shard; heap only) or auto (shards on heap) (default: ${DEFAULT-VALUE}).")
    String indexLayout;

    @Option(names = "--index-shards", description = "Shards per tenant in the shards layout (default: the job's, 8).")
    Integer indexShards;

    @Option(names = "--parallelism", defaultValue = "1", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--managed-memory", defaultValue = "256m",
            description = "TaskManager managed memory (RocksDB's block cache and write buffers) (default: ${DEFAULT-VALUE}).")
    String managedMemory;

    @Option(names = "--watermark-interval-ms", defaultValue = "20",
            description = "Source watermark interval; probe latency includes up to one (default: ${DEFAULT-VALUE}).")
    long watermarkIntervalMillis;

    @Option(names = "--buffer-timeout-ms", defaultValue = "5",
            description = "Network buffer flush timeout (Flink's default is 100 ms; each of the three keyed exchanges may wait that long) (default: ${DEFAULT-VALUE}).")
    long bufferTimeoutMillis;

    @Option(names = "--checkpoint-interval-ms", defaultValue = "0",
            description = "Periodic checkpoints while filling and probing, to see their cost; 0 = none, only the savepoint at each size (default: ${DEFAULT-VALUE}).")
    long checkpointIntervalMillis;

    @Option(names = "--time-box-minutes", defaultValue = "60",
            description = "Per backend: stop filling after this long and report what was reached (default: ${DEFAULT-VALUE}).")
    long timeBoxMinutes;

    @Option(names = "--no-savepoints", negatable = false, description = "Skip the savepoint at each size.")
    boolean noSavepoints;

    @Option(names = "--out", defaultValue = "target/index-scale", description = "Report and work directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (int i = 1; i < sizes.size(); i++) {
            if (sizes.get(i) <= sizes.get(i - 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--sizes must increase");
            }
        }
        if (probes < 1024) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--probes must be >= 1024 (the latency histogram's window)");
        }
        int cap = hotBucketCap != null ? hotBucketCap : JobConfig.defaults().hotBucketCap();
        String commandLine = "hashstream index-scale " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        System.out.println(IndexScaleReport.HEADER);
        List<Result> results = new ArrayList<>();
        for (String name : backends) {
            StateBackendKind backend = StateBackendKind.valueOf(name.toUpperCase(Locale.ROOT));
            Path work = out.resolve(backend.name().toLowerCase(Locale.ROOT));
            if (Files.exists(work)) {
                IndexScaleRun.deleteTree(work);
            }
            results.add(new IndexScaleRun(new Settings(backend, sizes, tenants, nearDuplicateShare, seed, probes, probeRate,
                    cap, substrings, IndexLayout.valueOf(indexLayout.toUpperCase(Locale.ROOT)),
                    indexShards != null ? indexShards : JobConfig.defaults().indexShards(), parallelism, managedMemory, watermarkIntervalMillis, bufferTimeoutMillis, checkpointIntervalMillis, Duration.ofMinutes(timeBoxMinutes),
                    !noSavepoints, work.toAbsolutePath())).run());
            IndexScaleRun.deleteTree(work);
        }
        String report = IndexScaleReport.report(commandLine, results);
        Files.createDirectories(out);
        Path file = out.resolve("index-scale.md");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.println("Report: " + file.toAbsolutePath());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IndexScaleCommand()).execute(args));
    }
}
