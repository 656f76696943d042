package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class QuietAwareWatermarksTest {

    /** Records what the generator tells Flink, as Flink's output would see it (regressions dropped). */
    private static final class Recorder implements WatermarkOutput {
        final List<String> log = new ArrayList<>();
        long current = Long.MIN_VALUE;

        @Override
        public void emitWatermark(Watermark watermark) {
            if (watermark.getTimestamp() > current) {
                current = watermark.getTimestamp();
                log.add("wm " + current);
            }
        }

        @Override
        public void markIdle() {
            log.add("idle");
        }

        @Override
        public void markActive() {
            log.add("active");
        }
    }

    private long now;

    @Test
    void holdsBackByTheBoundWhileEventsFlow() {
        var g = new QuietAwareWatermarks<String>(200, 1_000, () -> now);
        Recorder out = new Recorder();
        g.onPeriodicEmit(out);
        g.onEvent("a", 5_000, out);
        g.onEvent("b", 4_900, out);
        now += 100;
        g.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("wm 4799");
    }

    @Test
    void releasesTheLastEventsAndGoesIdleWhenQuietThenResumes() {
        var g = new QuietAwareWatermarks<String>(200, 1_000, () -> now);
        Recorder out = new Recorder();
        g.onEvent("a", 5_000, out);
        now += 999;
        g.onPeriodicEmit(out);
        now += 1;
        g.onPeriodicEmit(out);
        g.onPeriodicEmit(out);
        g.onEvent("b", 5_500, out);
        g.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("wm 4799", "wm 5000", "idle", "active", "wm 5299");
    }

    @Test
    void aSplitThatNeverSawAnEventGoesIdleWithoutAWatermark() {
        var g = new QuietAwareWatermarks<String>(200, 1_000, () -> now);
        Recorder out = new Recorder();
        now += 1_000;
        g.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("idle");
    }

    @Test
    void zeroQuietTimeNeverReleasesEarly() {
        var g = new QuietAwareWatermarks<String>(200, 0, () -> now);
        Recorder out = new Recorder();
        g.onEvent("a", 5_000, out);
        now += 1_000_000;
        g.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("wm 4799");
    }

    private long waited;

    @Test
    void aSplitWhoseRecordsWaitBehindOthersIsNotQuietUntilTheLongestStall() {
        // quiet time on a clock that stands still while the source is busy (CaughtUpClock), wall time beside it
        var g = new QuietAwareWatermarks<String>(200, 1_000, () -> waited, () -> now, 60_000);
        Recorder out = new Recorder();
        g.onEvent("a", 10_000, out);
        now += 30_000; // the task busy with another split's records: the quiet clock stands still
        g.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("wm 9799");
        waited += 999;
        g.onPeriodicEmit(out);
        assertThat(out.log).as("not quiet yet").containsExactly("wm 9799");
        waited += 1; // a second of waiting for Kafka without a record of this split: quiet
        g.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("wm 9799", "wm 10000", "idle");

        var busy = new QuietAwareWatermarks<String>(200, 1_000, () -> waited, () -> now, 60_000);
        Recorder stalled = new Recorder();
        busy.onEvent("b", 20_000, stalled);
        now += 59_999;
        busy.onPeriodicEmit(stalled);
        assertThat(stalled.log).containsExactly("wm 19799");
        now += 1; // a minute without this split's records, however busy the source: quiet all the same
        busy.onPeriodicEmit(stalled);
        assertThat(stalled.log).containsExactly("wm 19799", "wm 20000", "idle");
    }
}
