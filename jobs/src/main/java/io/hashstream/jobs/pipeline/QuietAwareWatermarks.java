package io.hashstream.jobs.pipeline;

import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness (watermark = newest event time − bound − 1), plus what a live stream
 * needs when it goes quiet: after {@code quietMillis} without events, the split releases its last
 * events (watermark = newest event time) and is marked idle, so it neither holds the index's last
 * answers back until the next event arrives nor stalls the other splits. A new event makes it active
 * again. With {@code quietMillis} 0 the split never does either (bounded replays and tests, where a
 * slow machine must not turn a pause into late events).
 *
 * <p>Quiet time is counted on a clock that may stand still while the source is busy ({@link
 * CaughtUpClock}): a split is quiet after {@code quietMillis} on that clock, or after {@code
 * longestStallMillis} of wall time whatever the source did, so an empty partition cannot hold the
 * others back forever while the source catches up.
 */
public final class QuietAwareWatermarks<T> implements WatermarkGenerator<T> {
    /** The wall time after which a split without events is quiet even while the source is busy. */
    public static final long LONGEST_STALL_MILLIS = 60_000;

    private final long boundMillis;
    private final long quietMillis;
    private final LongSupplier clock;
    private final LongSupplier wall;
    private final long longestStallMillis;

    private long newest = Long.MIN_VALUE;
    private long lastEventAt;
    private long lastEventAtWall;
    private boolean idle;

    /** Quiet time on one clock (wall time, or a test's). */
    public QuietAwareWatermarks(long boundMillis, long quietMillis, LongSupplier clock) {
        this(boundMillis, quietMillis, clock, clock, quietMillis);
    }

    /**
     * @param clock quiet time: a {@link CaughtUpClock}, which stands still while the source is busy
     * @param wall wall time, for {@code longestStallMillis}
     */
    public QuietAwareWatermarks(long boundMillis, long quietMillis, LongSupplier clock, LongSupplier wall,
                                long longestStallMillis) {
        if (boundMillis < 0 || quietMillis < 0 || longestStallMillis < quietMillis) {
            throw new IllegalArgumentException("bound and quiet time must be >= 0, the longest stall >= the quiet time");
        }
        this.boundMillis = boundMillis;
        this.quietMillis = quietMillis;
        this.clock = clock;
        this.wall = wall;
        this.longestStallMillis = longestStallMillis;
        this.lastEventAt = clock.getAsLong();
        this.lastEventAtWall = wall.getAsLong();
    }

    /**
     * The job's generator for a split: quiet time on the {@link CaughtUpClock} of the source reader on
     * this thread, when there is one, else on wall time.
     */
    public static <T> QuietAwareWatermarks<T> forSourceOnThisThread(long boundMillis, long quietMillis) {
        return CaughtUpClock.ofThisThread()
                .map(c -> new QuietAwareWatermarks<T>(boundMillis, quietMillis, c, System::currentTimeMillis,
                        Math.max(quietMillis, LONGEST_STALL_MILLIS)))
                .orElseGet(() -> new QuietAwareWatermarks<>(boundMillis, quietMillis, System::currentTimeMillis));
    }

    /** The watermark of a split whose newest event time is {@code newest} (while it is not quiet). */
    public static long watermarkAfter(long newest, long boundMillis) {
        return newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - boundMillis - 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        newest = Math.max(newest, eventTimestamp);
        lastEventAt = clock.getAsLong();
        lastEventAtWall = wall.getAsLong();
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
        boolean quiet = quietMillis > 0 && (clock.getAsLong() - lastEventAt >= quietMillis
                || wall.getAsLong() - lastEventAtWall >= longestStallMillis);
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
