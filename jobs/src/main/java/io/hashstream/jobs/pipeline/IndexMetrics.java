package io.hashstream.jobs.pipeline;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The index metrics both layouts report (README, Metrics): counters of inserts, evictions, deletes and
 * hot-bucket drops, and gauges of the entries and the largest bucket this subtask holds since it (re)started.
 */
final class IndexMetrics {
    private final Counter inserts;
    private final Counter evictions;
    private final Counter deletes;
    private final Counter droppedInserts;
    private long entries;
    private int largestBucket;

    IndexMetrics(MetricGroup g) {
        inserts = g.counter("indexInserts");
        evictions = g.counter("indexEvictions");
        deletes = g.counter("indexDeletes");
        droppedInserts = g.counter("hotBucketDroppedInserts");
        g.gauge("indexEntries", (Gauge<Long>) () -> entries);
        g.gauge("largestBucket", (Gauge<Integer>) () -> largestBucket);
    }

    /** An image stored, in a bucket that now holds {@code bucketSize}. */
    void inserted(int bucketSize) {
        inserts.inc();
        entries++;
        largestBucket = Math.max(largestBucket, bucketSize);
    }

    void evicted(int n) {
        evictions.inc(n);
        entries -= n;
    }

    void deleted() {
        deletes.inc();
        entries--;
    }

    /** An identical copy (a producer's retry) replaced its twin: one entry less, neither evicted nor deleted. */
    void replacedCopy() {
        entries--;
    }

    /** Entries a restored checkpoint held, counted when the index is first used after the restore. */
    void restored(long n) {
        entries += n;
    }

    /** Inserts a full bucket refused (one per table refused). */
    void dropped(int n) {
        droppedInserts.inc(n);
    }
}
