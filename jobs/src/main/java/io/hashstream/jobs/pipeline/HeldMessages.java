package io.hashstream.jobs.pipeline;

import io.hashstream.jobs.serde.ShardMessageSerializer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * An index key's messages held in keyed state until the watermark passes their event time, so that
 * the key handles them in (event time, id, kind) order whatever their arrival order. Both index
 * layouts' functions hold their messages here.
 */
final class HeldMessages {
    private final MapState<Long, List<ShardMessage>> pending;
    private final Counter late;

    /** In the function's {@code open}: the state "pending" and the counter {@code lateIndexMessages}. */
    HeldMessages(RuntimeContext context) {
        this.pending = context.getMapState(new MapStateDescriptor<>(
                "pending", Types.LONG, new ListTypeInfo<>(ShardMessageSerializer.TYPE)));
        this.late = context.getMetricGroup().counter("lateIndexMessages");
    }

    /**
     * Holds {@code msg} until the watermark passes its event time, with an event-time timer then. A
     * message the watermark already passed (later than the out-of-orderness bound) waits for the next
     * watermark and is counted as late.
     */
    void hold(ShardMessage msg, TimerService timers) throws Exception {
        long fireAt = msg.probe().eventTime();
        long watermark = timers.currentWatermark();
        if (fireAt <= watermark) {
            late.inc();
            fireAt = saturatingAdd(watermark, 1);
        }
        List<ShardMessage> batch = pending.get(fireAt);
        if (batch == null) {
            batch = new ArrayList<>(2);
        }
        batch.add(msg);
        pending.put(fireAt, batch);
        timers.registerEventTimeTimer(fireAt);
    }

    /** The messages held for the timer at {@code timestamp}, in processing order (empty if none). */
    List<ShardMessage> release(long timestamp) throws Exception {
        List<ShardMessage> batch = pending.get(timestamp);
        if (batch == null) {
            return List.of();
        }
        pending.remove(timestamp);
        batch.sort(ShardMessage.ORDER);
        return batch;
    }

    /** {@code a + b}, clamped to the long range (retention arithmetic near Long.MIN/MAX_VALUE). */
    static long saturatingAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
