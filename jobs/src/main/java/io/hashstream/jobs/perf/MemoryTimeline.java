package io.hashstream.jobs.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resident set size over a run, one point per interval, so a long run shows whether the job's memory
 * settles or keeps growing (a native leak shows as a steady slope once the heap's pages are all
 * touched). The samplers offer every reading; this keeps one per {@code intervalNanos}.
 */
final class MemoryTimeline {

    /** @param seconds since the window started */
    record Point(double seconds, long rssBytes, long heapBytes) {
    }

    private final long startNanos;
    private final long intervalNanos;
    private final List<Point> points = new ArrayList<>();
    private long lastNanos = Long.MIN_VALUE;

    MemoryTimeline(long startNanos, long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
        }
        this.startNanos = startNanos;
        this.intervalNanos = intervalNanos;
    }

    /** Keeps the reading when an interval has passed since the last one kept (the first always). */
    synchronized void offer(long nanos, long rssBytes, long heapBytes) {
        if (lastNanos != Long.MIN_VALUE && nanos - lastNanos < intervalNanos) {
            return;
        }
        lastNanos = nanos;
        points.add(new Point((nanos - startNanos) / 1e9, rssBytes, heapBytes));
    }

    synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /**
     * Least-squares slope of RSS in bytes per minute over the points from {@code fromFraction} of the
     * window on (0.5: its second half, after start-up has touched the heap); NaN with fewer than 3.
     */
    synchronized double rssSlopeBytesPerMinute(double fromFraction) {
        if (points.isEmpty()) {
            return Double.NaN;
        }
        double from = points.get(points.size() - 1).seconds() * fromFraction;
        List<Point> tail = points.stream().filter(p -> p.seconds() >= from).toList();
        if (tail.size() < 3) {
            return Double.NaN;
        }
        double meanT = 0;
        double meanR = 0;
        for (Point p : tail) {
            meanT += p.seconds() / tail.size();
            meanR += (double) p.rssBytes() / tail.size();
        }
        double cov = 0;
        double var = 0;
        for (Point p : tail) {
            cov += (p.seconds() - meanT) * (p.rssBytes() - meanR);
            var += (p.seconds() - meanT) * (p.seconds() - meanT);
        }
        return var == 0 ? Double.NaN : cov / var * 60;
    }

    void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("seconds,rss_mb,heap_used_mb\n");
        for (Point p : points()) {
            csv.append(String.format(Locale.ROOT, "%.1f,%.1f,%.1f%n", p.seconds(), p.rssBytes() / 1048576.0, p.heapBytes() / 1048576.0));
        }
        Files.writeString(file, csv);
    }
}
