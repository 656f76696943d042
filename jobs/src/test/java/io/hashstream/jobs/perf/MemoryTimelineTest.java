package io.hashstream.jobs.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryTimelineTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MB = 1 << 20;

    @Test
    void keepsOneReadingPerInterval() {
        MemoryTimeline t = new MemoryTimeline(0, SECOND);
        for (long ms = 0; ms <= 3000; ms += 100) { // a sampler every 100 ms for 3 s
            t.offer(TimeUnit.MILLISECONDS.toNanos(ms), ms * MB, 0);
        }
        assertThat(t.points()).extracting(MemoryTimeline.Point::seconds).containsExactly(0.0, 1.0, 2.0, 3.0);
        assertThat(t.points()).extracting(MemoryTimeline.Point::rssBytes).containsExactly(0L, 1000 * MB, 2000 * MB, 3000 * MB);
    }

    @Test
    void slopeOfTheSecondHalfIgnoresTheStartUpClimb() {
        MemoryTimeline t = new MemoryTimeline(0, SECOND);
        for (int s = 0; s <= 600; s++) {
            // start-up: +10 MB a second for the first minute, then a leak of 3 MB a minute
            long rss = s < 60 ? 500 * MB + s * 10 * MB : 1100 * MB + (s - 60) * 3 * MB / 60;
            t.offer(s * SECOND, rss, 0);
        }
        assertThat(t.rssSlopeBytesPerMinute(0.5) / MB).isCloseTo(3.0, within(0.01));
        // over the whole window the climb dominates
        assertThat(t.rssSlopeBytesPerMinute(0.0) / MB).isGreaterThan(4.0);
    }

    @Test
    void flatMemoryHasNoSlopeAndTooFewPointsHaveNone() {
        MemoryTimeline flat = new MemoryTimeline(0, SECOND);
        for (int s = 0; s < 100; s++) {
            flat.offer(s * SECOND, 1200 * MB + (s % 2) * MB, 0); // sawtooth of 1 MB around a level
        }
        // the sawtooth's phase at the ends tilts the fit a little: under 0.1 MB/min, against 3 above
        assertThat(flat.rssSlopeBytesPerMinute(0.5) / MB).isCloseTo(0.0, within(0.1));

        MemoryTimeline two = new MemoryTimeline(0, SECOND);
        two.offer(0, MB, 0);
        two.offer(SECOND, 2 * MB, 0);
        assertThat(two.rssSlopeBytesPerMinute(0.0)).isNaN();
        assertThat(new MemoryTimeline(0, SECOND).rssSlopeBytesPerMinute(0.5)).isNaN();
    }

    @Test
    void writesOneCsvRowPerPoint(@TempDir Path dir) throws Exception {
        MemoryTimeline t = new MemoryTimeline(5 * SECOND, SECOND);
        t.offer(5 * SECOND, 1024 * MB, 256 * MB);
        t.offer(6 * SECOND + 1, 1025 * MB, 300 * MB);
        Path csv = dir.resolve("m.csv");
        t.writeCsv(csv);
        assertThat(Files.readAllLines(csv)).containsExactly("seconds,rss_mb,heap_used_mb", "0.0,1024.0,256.0", "1.0,1025.0,300.0");
    }
}
