package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;

import io.hashstream.jobs.pipeline.CaughtUpClock;
import io.hashstream.jobs.pipeline.QuietAwareWatermarks;

/**
 * The reader drives the clock the job's watermark generators measure quiet time on: a split does not go
 * idle while the reader keeps handing out records (of other splits), and does once it waits for Kafka.
 */
class EventTimeRestoringReaderClockTest {

    /** A Kafka reader stand-in that reports a set status and hands out nothing. */
    private static final class StatusReader implements SourceReader<String, KafkaPartitionSplit> {
        InputStatus status = InputStatus.MORE_AVAILABLE;
        /** How long handing out a record takes (the chained ingest runs inside pollNext). */
        long handOutMillis;

        @Override
        public void start() {
        }

        @Override
        public InputStatus pollNext(ReaderOutput<String> output) throws InterruptedException {
            Thread.sleep(handOutMillis);
            return status;
        }

        @Override
        public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void addSplits(List<KafkaPartitionSplit> splits) {
        }

        @Override
        public void notifyNoMoreSplits() {
        }

        @Override
        public void close() {
        }
    }

    private static final class Idleness implements WatermarkOutput {
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    @Test
    void aSplitGoesQuietOnlyWhileTheReaderWaits() throws Exception {
        StatusReader kafka = new StatusReader();
        var reader = new EventTimeRestoringReader<String>(kafka, (s, ts) -> ts, newest -> newest);
        QuietAwareWatermarks<String> split = QuietAwareWatermarks.forSourceOnThisThread(200, 50);
        Idleness out = new Idleness();
        split.onEvent("x", 1_000, out);
        reader.pollNext(null); // records of other splits keep coming
        Thread.sleep(200);
        split.onPeriodicEmit(out);
        assertThat(out.idle).as("busy: not quiet").isFalse();
        kafka.status = InputStatus.NOTHING_AVAILABLE;
        reader.pollNext(null); // caught up: waiting for Kafka
        Thread.sleep(200);
        split.onPeriodicEmit(out);
        assertThat(out.idle).as("quiet after 50 ms of waiting").isTrue();
        CaughtUpClock clock = CaughtUpClock.ofThisThread().orElseThrow();
        // the first record after a wait takes 300 ms to go through the chain: busy time, not waiting time
        kafka.handOutMillis = 300;
        long before = clock.getAsLong();
        reader.pollNext(null);
        assertThat(clock.getAsLong() - before).isLessThan(150);
        reader.close();
        assertThat(CaughtUpClock.ofThisThread()).as("gone with its reader").isEmpty();
    }

    @org.junit.jupiter.api.AfterEach
    void forgetTheClock() {
        CaughtUpClock.ofThisThread().ifPresent(CaughtUpClock::stopOnThisThread);
    }
}
