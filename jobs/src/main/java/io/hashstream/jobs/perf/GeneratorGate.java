package io.hashstream.jobs.perf;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Lets the harness hold the generator source at a given event count and release it, at full speed or
 * at a fixed rate, from outside the job. It works because the MiniCluster runs in this JVM and loads
 * the job's classes from the application class path, so the source's rate limiter and the harness
 * share this class's static state. While held, the source reader reports no data available (its
 * future is pending), so its task keeps running, emitting watermarks and taking part in savepoints.
 */
final class GeneratorGate {
    private static final Object LOCK = new Object();
    private static long emitted;
    private static long allowed;
    private static double perSecond;
    private static long rateStartNanos;
    private static long rateStartCount;
    private static CompletableFuture<Void> held;

    private GeneratorGate() {
    }

    /** Closes the gate at 0 events (call before the job starts). */
    static void reset() {
        synchronized (LOCK) {
            emitted = 0;
            allowed = 0;
            perSecond = 0;
            held = null;
        }
    }

    /** Lets the source emit up to {@code upTo} events in total, {@code ratePerSecond} a second (0: as fast as it can). */
    static void openUntil(long upTo, double ratePerSecond) {
        CompletableFuture<Void> release;
        synchronized (LOCK) {
            allowed = upTo;
            perSecond = ratePerSecond;
            rateStartNanos = System.nanoTime();
            rateStartCount = emitted;
            release = held;
            held = null;
        }
        if (release != null) {
            release.complete(null);
        }
    }

    /** Events let through so far. */
    static long emitted() {
        synchronized (LOCK) {
            return emitted;
        }
    }

    private static CompletionStage<Void> acquire() {
        synchronized (LOCK) {
            if (emitted >= allowed) {
                // Held: the request is retried when the gate opens.
                held = new CompletableFuture<>();
                return held.thenCompose(v -> acquire());
            }
            emitted++;
            if (perSecond <= 0) {
                return CompletableFuture.completedFuture(null);
            }
            long dueNanos = rateStartNanos + (long) ((emitted - rateStartCount) * 1e9 / perSecond);
            long waitNanos = dueNanos - System.nanoTime();
            if (waitNanos <= 0) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS));
        }
    }

    /** The source's rate limiter strategy: every record asks the gate. */
    static <S extends SourceSplit> RateLimiterStrategy<S> strategy() {
        return parallelism -> new RateLimiter<S>() {
            @Override
            public CompletionStage<Void> acquire(int permits) {
                if (permits != 1) {
                    throw new IllegalStateException("the gate counts single records, got " + permits);
                }
                return GeneratorGate.acquire();
            }
        };
    }
}
