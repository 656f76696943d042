package io.hashstream.jobs.pipeline;

import io.hashstream.event.DeadLetter;
import io.hashstream.jobs.serde.DeleteRequestSerializer;
import io.hashstream.jobs.serde.RegistrationSerializer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by (tenant, id): remembers the code each id was indexed with, fans encoded images out to
 * their index buckets, and turns deletes into removals from exactly the buckets holding the id.
 *
 * <p>A delete waits until the watermark passes its event time, so an image sent before the delete
 * (in event time) is registered by then whatever the arrival order. It removes an image indexed at an
 * earlier event time; one at the same time is not indexed yet when the delete runs (the index handles a
 * delete before an image of the same time and id), so that delete is a dead letter, as in the
 * {@code shards} layout. An id sent again replaces its earlier entry, in event-time order whatever the
 * arrival order: the older code's buckets get a removal at the newer image's time (when both have one
time and different codes, a millisecond after it, sent once the watermark passes that time, or when a
newer version arrives first; none when the copy is identical). Until the watermark
 * passes the newer image, the replaced registration is kept too, so that a delete between the two
 * (which waits for the watermark) removes the older image, as it would have had it come first. A
 * removal names the code it removes, so a bucket holding both codes of an id for a moment (a re-send
 * later than the out-of-orderness) loses the right one. Registrations expire with the index retention.
 *
 * <p>Limits: a delete at an image's own event time counts as applied when it came late, which is right
 * when the image was on time, not when both were late (late messages only). One replaced registration
 * is kept, so with three versions of an id at three times before the watermark passes the second, a
 * delete between the first two is a dead letter, and the first version stays findable until the
 * second's time (on-time messages too).
 *
 * <p>Limits for copies of one id at one event time with different codes (other bytes, or a TaskManager
 * of another precision), whatever their lateness: the copy that arrives last here wins, which for
 * copies in different Kafka partitions depends on arrival order (the {@code shards} layout takes the
 * larger request key); until a millisecond later, probes may see both codes; and with three copies
 * x, y, z only y is removed (one replaced registration is kept), so x stays findable until retention.
 */
public final class IdRegistryFunction extends KeyedProcessFunction<String, IndexCommand, ShardMessage>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final IndexRouting routing;
    private final long retentionMillis;
    private final OutputTag<DeadLetter> deadLetters;
    private final IndexLayoutGuard layoutGuard;

    private transient ValueState<Registration> registration;
    /** The registration {@link #registration} replaced, until the watermark passes the replacement. */
    private transient ValueState<Registration> superseded;
    private transient ListState<DeleteRequest> pendingDeletes;
    private transient Counter unknownDeletes;
    /** The last (model, bits) the layout guard passed: one model per job, so almost always the same. */
    private transient String guardedModel;
    private transient int guardedBits;

    public IdRegistryFunction(IndexRouting routing, long retentionMillis, OutputTag<DeadLetter> deadLetters) {
        this.routing = routing;
        this.retentionMillis = retentionMillis;
        this.deadLetters = deadLetters;
        this.layoutGuard = new IndexLayoutGuard();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        layoutGuard.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        layoutGuard.snapshot();
    }

    /**
     * Once the watermark passes a registration that replaced another of the same event time, removes the
     * replaced code a millisecond later, after both inserts. Deciding here, not on arrival, makes copies
     * x, y, x keep x: the last copy replaced y, and the bucket stores identical copies once. An identical
     * replacement needs no removal.
     */
    private void removeReplacedAtTheSameTime(long timestamp, Registration r, String key, Collector<ShardMessage> out)
            throws Exception {
        Registration s = superseded.value();
        if (r == null || s == null || s.eventTime() != r.eventTime() || timestamp < r.eventTime()
                || (s.modelId().equals(r.modelId()) && s.code().equals(r.code()))) {
            return;
        }
        for (ShardMessage m : routing.routeDelete(key, IndexCommand.tenantOf(key), IndexCommand.idOf(key),
                HeldMessages.saturatingAdd(r.eventTime(), 1), s)) {
            out.collect(m);
        }
    }

    private void guard(String modelId, int bits) {
        if (bits != guardedBits || !modelId.equals(guardedModel)) {
            layoutGuard.check(modelId, routing.keyLayout(bits));
            guardedModel = modelId;
            guardedBits = bits;
        }
    }

    @Override
    public void open(OpenContext openContext) {
        registration = getRuntimeContext().getState(
                new ValueStateDescriptor<>("registration", RegistrationSerializer.TYPE));
        superseded = getRuntimeContext().getState(
                new ValueStateDescriptor<>("superseded", RegistrationSerializer.TYPE));
        pendingDeletes = getRuntimeContext().getListState(
                new ListStateDescriptor<>("pendingDeletes", DeleteRequestSerializer.TYPE));
        unknownDeletes = getRuntimeContext().getMetricGroup().counter("deletesOfUnknownIds");
    }

    @Override
    public void processElement(IndexCommand command, Context ctx, Collector<ShardMessage> out) throws Exception {
        if (command instanceof EncodedImage image) {
            // Only the model being indexed: another model's entries are keyed apart, never probed by this
            // one, so a model upgrade may change the layout (they leave by retention).
            guard(image.modelId(), image.code().bits());
            Registration old = registration.value();
            if (old != null && old.eventTime() > image.eventTime()) {
                // An older image arriving after a newer one: index it, then remove it at the newer one's
                // time, exactly what the arrival in event-time order does; the newer stays registered.
                for (ShardMessage m : routing.route(image)) {
                    out.collect(m);
                }
                Registration older = new Registration(image.modelId().intern(), image.code(), image.eventTime());
                for (ShardMessage m : routing.routeDelete(
                        image.ref().key(), image.tenant(), image.id(), old.eventTime(), older)) {
                    out.collect(m);
                }
                Registration kept = superseded.value();
                if (kept == null || kept.eventTime() < older.eventTime()) {
                    superseded.update(older);
                    ctx.timerService().registerEventTimeTimer(old.eventTime());
                }
                return;
            }
            if (old != null) {
                // A copy at the same event time: its DELETE at that time would sort before both inserts and
                // remove nothing. The timer at that time removes what was replaced, once every copy of that
                // time is in (see removeReplacedAtTheSameTime).
                if (old.eventTime() != image.eventTime()) {
                    for (ShardMessage m : routing.routeDelete(
                            image.ref().key(), image.tenant(), image.id(), image.eventTime(), old)) {
                        out.collect(m);
                    }
                    // A copy at old's time with another code that old replaced, whose removal still waits for
                    // the watermark (so the watermark is before old's time): it goes now, a millisecond after
                    // old's time as its timer would have sent it, or the superseded slot below forgets it and
                    // its code stays findable until retention.
                    Registration waiting = superseded.value();
                    if (waiting != null && waiting.eventTime() == old.eventTime()
                            && !(waiting.modelId().equals(old.modelId()) && waiting.code().equals(old.code()))) {
                        for (ShardMessage m : routing.routeDelete(image.ref().key(), image.tenant(), image.id(),
                                HeldMessages.saturatingAdd(old.eventTime(), 1), waiting)) {
                            out.collect(m);
                        }
                    }
                }
                boolean retryOfTheCurrent = old.eventTime() == image.eventTime() && old.modelId().equals(image.modelId())
                        && old.code().equals(image.code());
                if (!retryOfTheCurrent) {
                    // (A retry of the current copy replaces nothing: what that copy replaced still waits here.)
                    superseded.update(old);
                }
                ctx.timerService().registerEventTimeTimer(image.eventTime()); // then no delete can fall between
            }
            // Interned: every image of a model shares one id string (the network hands each record its
            // own copy, ~70 B that every registration would otherwise keep).
            registration.update(new Registration(image.modelId().intern(), image.code(), image.eventTime()));
            if (image.eventTime() < Long.MAX_VALUE - retentionMillis) {
                ctx.timerService().registerEventTimeTimer(image.eventTime() + retentionMillis);
            }
            for (ShardMessage m : routing.route(image)) {
                out.collect(m);
            }
        } else {
            DeleteRequest delete = (DeleteRequest) command;
            pendingDeletes.add(delete);
            long watermark = ctx.timerService().currentWatermark();
            ctx.timerService().registerEventTimeTimer(Math.max(delete.eventTime(), HeldMessages.saturatingAdd(watermark, 1)));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShardMessage> out) throws Exception {
        List<DeleteRequest> waiting = new ArrayList<>();
        List<DeleteRequest> due = new ArrayList<>();
        for (DeleteRequest d : pendingDeletes.get()) {
            (d.eventTime() <= timestamp ? due : waiting).add(d);
        }
        if (!due.isEmpty()) {
            due.sort((a, b) -> Long.compare(a.eventTime(), b.eventTime()));
            pendingDeletes.update(waiting);
            for (DeleteRequest d : due) {
                Registration r = registration.value();
                Registration s = superseded.value();
                if (indexedBefore(r, d, timestamp)) {
                    for (ShardMessage m : routing.routeDelete(d.ref().key(), d.tenant(), d.id(), d.eventTime(), r)) {
                        out.collect(m);
                    }
                    registration.clear();
                    superseded.clear();
                } else if (indexedBefore(s, d, timestamp)) {
                    // Replaced after the delete's time: the delete removes what was indexed at its time.
                    for (ShardMessage m : routing.routeDelete(d.ref().key(), d.tenant(), d.id(), d.eventTime(), s)) {
                        out.collect(m);
                    }
                    superseded.clear();
                } else {
                    unknownDeletes.inc();
                    EventRef ref = d.ref();
                    ctx.output(deadLetters, new DeadLetter(ref.topic(), ref.partition(), ref.offset(), d.id(),
                            d.tenant(), JobRejectReason.DELETE_UNKNOWN_ID.code(),
                            "no indexed image with this id at the delete's event time", System.currentTimeMillis(),
                            -1, null));
                }
            }
        }
        Registration r = registration.value();
        removeReplacedAtTheSameTime(timestamp, r, ctx.getCurrentKey(), out);
        if (r != null && timestamp - r.eventTime() >= retentionMillis) {
            registration.clear();
            r = null;
        }
        if (r == null || timestamp >= r.eventTime()) {
            superseded.clear(); // deletes due up to the replacement's time are handled above
        }
    }

    /**
     * Whether {@code r} was indexed when delete {@code d} reaches its buckets: at an earlier event time,
     * or at the same time if the delete came late (its timer is past it), since the index handles a
     * delete before an image of the same time and id.
     */
    private static boolean indexedBefore(Registration r, DeleteRequest d, long timestamp) {
        return r != null && (r.eventTime() < d.eventTime() || r.eventTime() == d.eventTime() && timestamp > d.eventTime());
    }
}
