package io.hashstream.jobs.pipeline;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.Match;
import io.hashstream.index.Substrings;
import io.hashstream.jobs.serde.PackedMultiIndexSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The {@code shards} index layout: one key per (tenant, shard) ({@link ShardFanOut}), holding one
 * {@link PackedMultiIndex} per model in keyed state. Same answers as the {@code buckets} layout's
 * {@link IndexShardFunction} with the id registry, at a fraction of the memory: an image is stored
 * once, in primitive arrays, instead of once per table plus a registry entry and a timer.
 *
 * <p><b>Determinism.</b> As in {@link IndexShardFunction}: messages wait until the watermark passes
 * their event time, then the shard handles them in (event time, id, kind) order. A delete removes the
 * id if the shard holds it from an earlier event time (else the delete goes to the dead letters as
 * {@code delete.unknown_id}); an image sent again replaces the id's entry, under any model.
 *
 * <p><b>Retention</b> drops entries older than the watermark minus the retention, through an
 * event-time timer at the oldest entry's expiry. <b>Hot buckets</b>: each shard's buckets keep at most
 * ceil(hot-bucket-cap / shards) live images, so a tenant's bucket keeps about hot-bucket-cap across
 * its shards.
 *
 * <p>Each shard's index is one state value: meant for the heap state backend (RocksDB would
 * serialize the whole shard on every access, so the job refuses that combination).
 */
public final class ShardedIndexFunction extends KeyedProcessFunction<String, ShardMessage, ShardAnswer>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final IndexRouting routing;
    private final long retentionMillis;
    private final int capPerShard;
    private final OutputTag<DeadLetter> deadLetters;
    private final int shards;
    private final IndexLayoutGuard layoutGuard;

    private transient MapState<String, PackedMultiIndex> indexes;
    private transient HeldMessages held;
    private transient ValueState<Long> evictionAt;

    private transient IndexMetrics metrics;
    private transient Counter unknownDeletes;
    private transient long bytes;
    /** Shards whose indexes {@link #bytes} and the entries gauge count: a restored shard's from its first timer. */
    private transient Set<String> counted;

    public ShardedIndexFunction(IndexRouting routing, long retentionMillis, int hotBucketCap, int shards,
            OutputTag<DeadLetter> deadLetters) {
        this.routing = routing;
        this.retentionMillis = retentionMillis;
        this.capPerShard = (int) Math.max(1, ((long) hotBucketCap + shards - 1) / shards);
        this.deadLetters = deadLetters;
        this.shards = shards;
        this.layoutGuard = new IndexLayoutGuard();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        layoutGuard.initialize(context);
        // The shard count moves every tenant's keys (ShardFanOut); each model's index keeps its own
        // substrings in its state, so those may change.
        layoutGuard.check("every model", "shards, index-shards " + shards);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        layoutGuard.snapshot();
    }

    @Override
    public void open(OpenContext openContext) {
        indexes = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "indexes", Types.STRING, PackedMultiIndexSerializer.TYPE));
        held = new HeldMessages(getRuntimeContext());
        evictionAt = getRuntimeContext().getState(new ValueStateDescriptor<>("evictionAt", Types.LONG));
        MetricGroup g = getRuntimeContext().getMetricGroup();
        metrics = new IndexMetrics(g);
        counted = new java.util.HashSet<>();
        unknownDeletes = g.counter("deletesOfUnknownIds");
        g.gauge("indexBytes", (Gauge<Long>) () -> bytes);
    }

    @Override
    public void processElement(ShardMessage msg, Context ctx, Collector<ShardAnswer> out) throws Exception {
        held.hold(msg, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShardAnswer> out) throws Exception {
        if (counted.add(ctx.getCurrentKey())) {
            // A restored shard's indexes were never added up here; what is removed from them is subtracted.
            for (PackedMultiIndex index : indexes.values()) {
                bytes += index.memoryBytes();
                metrics.restored(index.size());
            }
        }
        for (ShardMessage msg : held.release(timestamp)) {
            handle(msg, ctx, out);
        }
        long next = Long.MAX_VALUE;
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, PackedMultiIndex> e : indexes.entries()) {
            PackedMultiIndex index = e.getValue();
            long before = index.memoryBytes();
            if (timestamp < Long.MAX_VALUE) {
                // Every image still to come has event time > timestamp.
                int evicted = index.evictOlderThan(HeldMessages.saturatingAdd(timestamp + 1, -retentionMillis));
                metrics.evicted(evicted);
            }
            bytes += index.memoryBytes() - before;
            if (index.size() == 0) {
                empty.add(e.getKey());
                bytes -= index.memoryBytes();
            } else {
                indexes.put(e.getKey(), index); // in place on the heap backend; a write elsewhere
                next = Math.min(next, HeldMessages.saturatingAdd(index.nextExpiringTime(), retentionMillis));
            }
        }
        for (String model : empty) {
            indexes.remove(model);
        }
        if (indexes.isEmpty()) {
            counted.remove(ctx.getCurrentKey()); // nothing left to count; keeps the set to the shards that hold images
        }
        Long scheduled = evictionAt.value();
        if (next > timestamp && next < Long.MAX_VALUE
                && (scheduled == null || scheduled <= timestamp || next < scheduled)) {
            ctx.timerService().registerEventTimeTimer(next);
            evictionAt.update(next);
        } else if (next == Long.MAX_VALUE) {
            evictionAt.clear();
        }
    }

    private void handle(ShardMessage msg, OnTimerContext ctx, Collector<ShardAnswer> out) throws Exception {
        Probe q = msg.probe();
        if (msg.kind() == ShardMessage.Kind.DELETE) {
            if (!removeId(q.id(), q.eventTime())) {
                unknownDeletes.inc();
                EventRef ref = EventRef.fromKey(q.requestKey());
                ctx.output(deadLetters, new DeadLetter(ref.topic(), ref.partition(), ref.offset(), q.id(), q.tenant(),
                        JobRejectReason.DELETE_UNKNOWN_ID.code(),
                        "no indexed image with this id at the delete's event time", System.currentTimeMillis(), -1,
                        null));
            }
            return;
        }
        PackedMultiIndex index = indexes.get(q.modelId());
        if (msg.kind().answers()) {
            out.collect(new ShardAnswer(q, candidates(index, q)));
        }
        if (msg.kind().inserts()) {
            // An id sent again replaces its entry, under whichever model it was indexed; a late copy of an
            // older version leaves the newer one in place (the bucket layout's id registry decides the
            // same), which was replaced before any probe that is still to come.
            if (!replaceableBy(q.id(), q.eventTime())) {
                return;
            }
            if (index == null) {
                Substrings layout = routing.layout(q.code().bits());
                index = new PackedMultiIndex(layout);
                indexes.put(q.modelId().intern(), index);
                bytes += index.memoryBytes(); // its empty tables: subtracted in full when it empties
            }
            long before = index.memoryBytes();
            int dropped = index.add(q.id(), q.eventTime(), q.code(), capPerShard);
            bytes += index.memoryBytes() - before;
            metrics.dropped(dropped);
            metrics.inserted(index.largestBucket());
        }
    }

    /**
     * Removes the id's entry unless it is newer than {@code time}; returns false, removing nothing, when it
     * is. One look-up per model: inserts remove the id from every model's index, so at most one holds it.
     */
    private boolean replaceableBy(String id, long time) throws Exception {
        for (PackedMultiIndex index : indexes.values()) {
            int slot = index.find(id);
            if (slot >= 0) {
                if (index.time(slot) > time) {
                    return false;
                }
                removeSlot(index, slot);
                return true;
            }
        }
        return true;
    }

    /** Removes {@code id} if indexed at or before {@code notAfter} (event time); returns whether it was. */
    private boolean removeId(String id, long notAfter) throws Exception {
        boolean removed = false;
        for (PackedMultiIndex index : indexes.values()) {
            int slot = index.find(id);
            if (slot >= 0 && index.time(slot) <= notAfter) {
                removeSlot(index, slot);
                removed = true;
            }
        }
        return removed;
    }

    private void removeSlot(PackedMultiIndex index, int slot) {
        long before = index.memoryBytes();
        int expired = index.remove(slot);
        bytes += index.memoryBytes() - before;
        metrics.evicted(expired);
        metrics.deleted();
    }

    private List<Match> candidates(PackedMultiIndex index, Probe q) {
        if (index == null || q.code().bits() != index.layout().bits()) {
            return List.of();
        }
        List<Match> found = new ArrayList<>();
        index.search(q.code(), routing.radius(), (slot, d) -> {
            long time = index.time(slot);
            if (q.eventTime() - time <= retentionMillis && time <= q.eventTime()) {
                String id = index.id(slot);
                if (IndexShardFunction.visible(time, id, q.eventTime(), q.id(), retentionMillis)) {
                    found.add(new Match(id, d, time));
                }
            }
        });
        return found;
    }
}
