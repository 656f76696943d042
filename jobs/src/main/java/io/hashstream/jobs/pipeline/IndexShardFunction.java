package io.hashstream.jobs.pipeline;

import io.hashstream.event.Match;
import io.hashstream.jobs.serde.PostingListSerializer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One index bucket per key (tenant, model, table, substring value), in keyed state.
 *
 * <p><b>Determinism.</b> Messages wait in state until the watermark passes their event time; then
 * the bucket handles them in (event time, id, kind) order: deletes, then probe+insert. A probe
 * reports the entries that are earlier than the image (event time, ties by id), not older than the
 * retention, and within the radius by full-code distance. Because every message reaches its bucket
 * before the watermark passes it, the answer is the same whatever the arrival order, parallelism or
 * restore point. A message that arrives after the watermark passed it (later than the configured
 * out-of-orderness) is handled at the next watermark, against whatever the bucket holds then.
 *
 * <p><b>Retention.</b> After a watermark passes t, every later image has event time &gt; t, so
 * entries older than t - retention can never match again and are dropped; an event-time timer at the
 * oldest entry's expiry does this even for buckets that receive nothing new.
 *
 * <p><b>Hot buckets.</b> A bucket keeps at most {@code hotBucketCap} entries. When it is full, new
 * images still probe it (and get answers from the kept entries), but are not stored in it: a flood of
 * identical images (blank frames) costs at most cap distance computations per probe, and the earliest
 * images of the flood, the cluster roots, stay findable. The price is recall: an image not stored in
 * a full bucket can still be found through its other tables' buckets, but not through this one, and
 * later floods' results list only the kept entries. Counted in {@code hotBucketDroppedInserts}.
 */
public final class IndexShardFunction extends KeyedProcessFunction<String, ShardMessage, ShardAnswer> {
    private static final long serialVersionUID = 1L;

    private final int radius;
    private final long retentionMillis;
    private final int hotBucketCap;

    private transient ValueState<PostingList> postings;
    private transient HeldMessages held;
    private transient ValueState<Long> evictionAt;

    private transient IndexMetrics metrics;
    /** Whether the bucket being handled changed (RocksDB rewrites a bucket only then). */
    private transient boolean changed;

    public IndexShardFunction(int radius, long retentionMillis, int hotBucketCap) {
        this.radius = radius;
        this.retentionMillis = retentionMillis;
        this.hotBucketCap = hotBucketCap;
    }

    @Override
    public void open(OpenContext openContext) {
        postings = getRuntimeContext().getState(new ValueStateDescriptor<>("postings", PostingListSerializer.TYPE));
        held = new HeldMessages(getRuntimeContext());
        evictionAt = getRuntimeContext().getState(new ValueStateDescriptor<>("evictionAt", Types.LONG));
        metrics = new IndexMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(ShardMessage msg, Context ctx, Collector<ShardAnswer> out) throws Exception {
        held.hold(msg, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShardAnswer> out) throws Exception {
        PostingList bucket = postings.value();
        changed = false;
        for (ShardMessage msg : held.release(timestamp)) {
            bucket = handle(bucket, msg, out);
        }
        if (bucket == null) {
            return;
        }
        if (timestamp < Long.MAX_VALUE) {
            // Every image still to come has event time > timestamp.
            int evicted = bucket.evictOlderThan(HeldMessages.saturatingAdd(timestamp + 1, -retentionMillis));
            metrics.evicted(evicted);
            changed |= evicted > 0;
        }
        if (bucket.size() == 0) {
            postings.clear();
            evictionAt.clear();
            return;
        }
        if (changed) {
            postings.update(bucket);
        }
        long next = HeldMessages.saturatingAdd(bucket.oldestTime(), retentionMillis);
        Long scheduled = evictionAt.value();
        if (next > timestamp && next < Long.MAX_VALUE
                && (scheduled == null || scheduled <= timestamp || next < scheduled)) {
            ctx.timerService().registerEventTimeTimer(next);
            evictionAt.update(next);
        }
    }

    private PostingList handle(PostingList bucket, ShardMessage msg, Collector<ShardAnswer> out) {
        Probe q = msg.probe();
        if (msg.kind() == ShardMessage.Kind.DELETE) {
            // The registry sends the code it registered: with a late re-send both codes can be here.
            if (bucket != null && bucket.remove(q.id(), q.code())) {
                metrics.deleted();
                changed = true;
            }
            return bucket;
        }
        if (msg.kind().answers()) {
            out.collect(new ShardAnswer(q, candidates(bucket, q)));
        }
        if (msg.kind().inserts()) {
            if (bucket == null) {
                bucket = new PostingList(q.code().wordCount());
            }
            // No search of the whole bucket for an earlier entry of this id: the id registry sends an id's
            // old buckets a DELETE that sorts before this insert (same event time and id), so an id sent
            // again later is already gone from here. The search was a scan of the bucket's ids on every
            // insert: a third of the shard's time at 3.8M images (BENCHMARKS.md, Index at scale). An
            // identical copy (same id, time and code: a producer's retry) gets no DELETE: it replaces its
            // twin, found among the newest.
            if (bucket.removeCopy(q.id(), q.eventTime(), q.code())) {
                changed = true;
                metrics.replacedCopy();
            }
            if (bucket.size() >= hotBucketCap) {
                metrics.dropped(1);
            } else {
                bucket.add(q.id(), q.eventTime(), q.code());
                changed = true;
                metrics.inserted(bucket.size());
            }
        }
        return bucket;
    }

    private List<Match> candidates(PostingList bucket, Probe q) {
        if (bucket == null) {
            return List.of();
        }
        List<Match> found = new ArrayList<>();
        for (int i = 0; i < bucket.size(); i++) {
            // Distance first: it is cheap, and only the few entries within the radius need their id.
            int d = bucket.distance(i, q.code());
            if (d <= radius) {
                String id = bucket.id(i);
                if (visible(bucket.time(i), id, q.eventTime(), q.id(), retentionMillis)) {
                    found.add(new Match(id, d, bucket.time(i)));
                }
            }
        }
        return found;
    }

    /**
     * Whether an indexed image (time, id) may match a probing one: strictly earlier in (event time,
     * id) order and not older than the retention. The oracle in the tests applies the same rule.
     */
    public static boolean visible(long entryTime, String entryId, long probeTime, String probeId, long retention) {
        return Probe.compareOrder(entryTime, entryId, probeTime, probeId) < 0
                && !entryId.equals(probeId)
                && probeTime - entryTime <= retention;
    }
}
