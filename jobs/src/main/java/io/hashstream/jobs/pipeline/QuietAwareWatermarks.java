package io.hashstream.jobs.pipeline;

import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness (watermark = newest event time − bound − 1), plus what a live stream
 * needs when it goes quiet: after {@code quietMillis} of processing time without events, the split
 * releases its last events (watermark = newest event time) and is marked idle, so it neither holds
 * the index's last answers back until the next event arrives nor stalls the other splits. A new
 * event makes it active again. With {@code quietMillis} 0 the split never does either (bounded replays
 * and tests, where a slow machine must not turn a pause into late events).
 */
public final class QuietAwareWatermarks<T> implements WatermarkGenerator<T> {
    private final long boundMillis;
    private final long quietMillis;
    private final LongSupplier clock;

    private long newest = Long.MIN_VALUE;
    private long lastEventAt;
    private boolean idle;

    public QuietAwareWatermarks(long boundMillis, long quietMillis, LongSupplier clock) {
        if (boundMillis < 0 || quietMillis < 0) {
            throw new IllegalArgumentException("bound and quiet time must be >= 0");
        }
        this.boundMillis = boundMillis;
        this.quietMillis = quietMillis;
        this.clock = clock;
        this.lastEventAt = clock.getAsLong();
    }

    /** The watermark of a split whose newest event time is {@code newest} (while it is not quiet). */
    public static long watermarkAfter(long newest, long boundMillis) {
        return newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - boundMillis - 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        newest = Math.max(newest, eventTimestamp);
        lastEventAt = clock.getAsLong();
        if (idle) {
            idle = false;
            output.markActive();
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idle) {
            return;
        }
        boolean quiet = quietMillis > 0 && clock.getAsLong() - lastEventAt >= quietMillis;
        if (newest != Long.MIN_VALUE) {
            // Regressions (newest - bound after a quiet release) are ignored by Flink's watermark output.
            output.emitWatermark(new Watermark(quiet ? newest : watermarkAfter(newest, boundMillis)));
        }
        if (quiet) {
            idle = true;
            output.markIdle();
        }
    }
}
