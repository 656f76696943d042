package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CaughtUpClockTest {
    private long now = 1_000;

    @Test
    void runsOnlyWhileTheReaderWaits() {
        CaughtUpClock clock = new CaughtUpClock(() -> now);
        now += 300; // waiting from the start
        assertThat(clock.getAsLong()).isEqualTo(300);
        clock.busy();
        now += 5_000; // a long batch of records
        assertThat(clock.getAsLong()).isEqualTo(300);
        clock.busy();
        clock.waiting();
        now += 200;
        clock.waiting();
        assertThat(clock.getAsLong()).isEqualTo(500);
    }

    @Test
    void generatorsFindTheClockOfTheReaderOnTheirThreadOnly() throws Exception {
        CaughtUpClock mine = CaughtUpClock.startOnThisThread();
        assertThat(CaughtUpClock.ofThisThread()).containsSame(mine);
        AtomicReference<Boolean> elsewhere = new AtomicReference<>();
        Thread other = new Thread(() -> elsewhere.set(CaughtUpClock.ofThisThread().isPresent()));
        other.start();
        other.join();
        assertThat(elsewhere.get()).isFalse();
        mine.stopOnThisThread();
        assertThat(CaughtUpClock.ofThisThread()).isEmpty();
    }
}
