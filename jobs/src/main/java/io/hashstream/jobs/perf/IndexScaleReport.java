package io.hashstream.jobs.perf;

import io.hashstream.jobs.config.IndexLayout;
import io.hashstream.jobs.config.StateBackendKind;
import io.hashstream.jobs.perf.IndexScaleRun.Point;
import io.hashstream.jobs.perf.IndexScaleRun.Result;
import io.hashstream.jobs.perf.IndexScaleRun.Settings;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The index-scale harness's Markdown report: one table row per (backend, size). */
final class IndexScaleReport {
    private IndexScaleReport() {
    }

    static final String HEADER = """
            | backend | images | postings (dropped) | largest bucket | fill s | images/s (postings/s) | heap MB | heap B/image | heap B/posting | savepoint MB | shards B/posting | registry B/image | RocksDB dir MB (B/posting) | probe p50 / p99 / max ms | load before → after |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|""";

    static String report(String commandLine, List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("# Index at scale\n\n");
        b.append("Command: `").append(commandLine).append("`\n\n");
        b.append("JVM: ").append(Runtime.version()).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MB, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores\n\n");
        for (Result r : results) {
            Settings s = r.settings();
            b.append(String.format(Locale.ROOT,
                    "%s, index layout %s: tenants %d, near-duplicate share %.2f, parallelism %d, hot-bucket cap %,d, index tables %s, managed memory %s,"
                            + " watermark interval %d ms, buffer timeout %d ms, checkpoints every %s, %d probes at %.0f/s per size; baseline heap %,d MB; %s%n%n",
                    s.backend(), layout(s), s.tenants(), s.nearDuplicateShare(), s.parallelism(), s.hotBucketCap(), s.substrings() == 0 ? "the job's default (radius + 1)" : s.substrings(), s.managedMemory(),
                    s.watermarkIntervalMillis(), s.bufferTimeoutMillis(),
                    s.checkpointIntervalMillis() > 0 ? s.checkpointIntervalMillis() + " ms" : "never", s.probes(), s.probeRate(), r.baselineHeapBytes() >> 20, r.stopReason()));
        }
        b.append(HEADER).append('\n');
        for (Result r : results) {
            for (Point p : r.points()) {
                b.append(line(r.settings(), r.baselineHeapBytes(), p)).append('\n');
            }
        }
        b.append('\n');
        for (Result r : results) {
            for (Point p : r.points()) {
                b.append(String.format(Locale.ROOT, "- %s at %,d images: savepoint bytes per operator %s%n",
                        r.settings().backend(), p.images(), p.savepointBytesPerOperator()));
            }
        }
        return b.toString();
    }

    private static String layout(Settings s) {
        boolean shards = s.layout() == IndexLayout.SHARDS
                || s.layout() == IndexLayout.AUTO && s.backend() == StateBackendKind.HEAP;
        return shards ? "shards (" + s.indexShards() + ")" : "buckets";
    }

    static String line(Settings s, long baseline, Point p) {
        Map<String, Long> ops = p.savepointBytesPerOperator();
        long shards = ops.getOrDefault("index-shards", ops.getOrDefault("packed-index-shards", -1L));
        long registry = ops.getOrDefault("id-registry", -1L);
        return String.format(Locale.ROOT,
                "| %s | %,d%s | %,.0f (%,.0f) | %,.0f | %.0f | %,.0f (%,.0f) | %,d | %.0f | %.1f | %s | %s | %s | %s | %.0f / %.0f / %.0f | %s → %s |",
                s.backend().name().toLowerCase(Locale.ROOT) + " " + layout(s), p.images(), p.complete() ? "" : " (time box)",
                p.postings(), p.droppedInserts(), p.largestBucket(), p.fillSeconds(), p.imagesPerSecond(),
                p.imagesPerSecond() * p.postings() / Math.max(1, p.images()),
                p.heapBytes() >> 20, (double) p.heapBytes() / p.images(), p.heapBytes() / Math.max(1, p.postings()),
                p.savepointBytes() < 0 ? "–" : String.format(Locale.ROOT, "%,d", p.savepointBytes() >> 20),
                shards < 0 ? "–" : String.format(Locale.ROOT, "%.1f", shards / Math.max(1, p.postings())),
                registry < 0 ? "–" : String.format(Locale.ROOT, "%.1f", (double) registry / p.images()),
                p.rocksDbDirBytes() < 0 ? "–" : String.format(Locale.ROOT, "%,d (%.1f)", p.rocksDbDirBytes() >> 20,
                        p.rocksDbDirBytes() / Math.max(1, p.postings())),
                p.probeP50Millis(), p.probeP99Millis(), p.probeMaxMillis(), p.loadBefore(), p.loadAfter());
    }
}
