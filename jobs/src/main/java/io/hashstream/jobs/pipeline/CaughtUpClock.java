package io.hashstream.jobs.pipeline;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A clock that runs only while a source reader has nothing to hand out (it waits for Kafka), and
 * stands still while the task is busy with records it already has. {@link QuietAwareWatermarks}
 * measures a split's quiet time on it: a split whose records merely wait behind another split's (a
 * catch-up after a restore, slow URI fetches in the chained ingest) is then not taken for idle,
 * which would move the watermark past its own waiting events and make them late.
 *
 * <p>The reader and the watermark generators of one source subtask run on the task's thread, which is
 * how the generators find the reader's clock ({@link #ofThisThread()}).
 */
public final class CaughtUpClock implements LongSupplier {
    private static final ThreadLocal<CaughtUpClock> THIS_THREAD = new ThreadLocal<>();

    private final LongSupplier wall;
    private long waited;
    /** When the current wait began, or -1 while busy. */
    private long waitingSince;

    /** A clock that starts waiting (a reader has nothing to hand out before its first records). */
    public CaughtUpClock(LongSupplier wall) {
        this.wall = wall;
        this.waitingSince = wall.getAsLong();
    }

    /** A new wall-time clock, which generators created on this thread from now on use. */
    public static CaughtUpClock startOnThisThread() {
        CaughtUpClock clock = new CaughtUpClock(System::currentTimeMillis);
        THIS_THREAD.set(clock);
        return clock;
    }

    /** Generators created on this thread from now on measure wall time again (the reader closed). */
    public void stopOnThisThread() {
        if (THIS_THREAD.get() == this) {
            THIS_THREAD.remove();
        }
    }

    /** The clock of the reader running on this thread, if any. */
    public static Optional<CaughtUpClock> ofThisThread() {
        return Optional.ofNullable(THIS_THREAD.get());
    }

    /** The reader has nothing to hand out. */
    public void waiting() {
        if (waitingSince < 0) {
            waitingSince = wall.getAsLong();
        }
    }

    /** The reader is handing out records (from the start of each poll, until it has none left). */
    public void busy() {
        if (waitingSince >= 0) {
            waited += wall.getAsLong() - waitingSince;
            waitingSince = -1;
        }
    }

    /** Milliseconds spent waiting so far. */
    @Override
    public long getAsLong() {
        return waited + (waitingSince >= 0 ? wall.getAsLong() - waitingSince : 0);
    }
}
