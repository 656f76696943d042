package io.hashstream.jobs.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;

import io.hashstream.jobs.pipeline.CaughtUpClock;

/**
 * The Kafka source reader, plus each partition's event-time progress in its checkpointed split.
 *
 * <p>Why: Flink registers every restored split in the source's watermark multiplexer right away
 * (FLINK-32828) with a fresh watermark generator, and does not checkpoint watermarks. A partition
 * that gets no record after a restore would hold the job's watermark at {@link Long#MIN_VALUE} (or,
 * with idleness, until its idle timeout): nothing waiting for event time is released. This reader
 * remembers the newest event time it emitted per partition, stores it with the split on every
 * checkpoint, and after a restore emits the watermark that time implied on the split's own output
 * before reading on. The watermark is never higher than the one the split had before the failure,
 * so nothing becomes late that would not have been.
 */
final class EventTimeRestoringReader<T> implements SourceReader<T, KafkaPartitionSplit> {
    private final SourceReader<T, KafkaPartitionSplit> kafka;
    private final TimestampAssigner<T> eventTime;
    private final EventTimeRestoringKafkaSource.WatermarkAfter watermarkAfter;

    /** Newest event time emitted per split id (restored ones included). */
    private final Map<String, Long> newest = new HashMap<>();
    /** Restored splits whose watermark is still to be emitted. */
    private final List<String> toRestore = new ArrayList<>();

    private ReaderOutput<T> lastOutput;
    private TrackingOutput tracking;
    /** Runs while this reader has nothing to hand out: the splits' quiet time (see {@link CaughtUpClock}). */
    private final CaughtUpClock caughtUp;

    /**
     * @param watermarkAfter the watermark the job's generator emits after a given newest event time
     */
    EventTimeRestoringReader(SourceReader<T, KafkaPartitionSplit> kafka, TimestampAssigner<T> eventTime,
            EventTimeRestoringKafkaSource.WatermarkAfter watermarkAfter) {
        this.kafka = kafka;
        this.eventTime = eventTime;
        this.watermarkAfter = watermarkAfter;
        // Created on the task thread, before the split outputs and their watermark generators.
        this.caughtUp = CaughtUpClock.startOnThisThread();
    }

    @Override
    public void start() {
        kafka.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (output != lastOutput) {
            lastOutput = output;
            tracking = new TrackingOutput(output);
        }
        if (!toRestore.isEmpty()) {
            for (String split : toRestore) {
                // The split's output exists already (Flink creates it for restored splits); this returns it.
                output.createOutputForSplit(split).emitWatermark(new Watermark(watermarkAfter.watermarkAfter(newest.get(split))));
            }
            toRestore.clear();
        }
        // Busy from here: a record handed out now runs through the chained ingest (a URI fetch, decoding)
        // inside this call, before its split's generator sees it.
        caughtUp.busy();
        InputStatus status = kafka.pollNext(tracking);
        if (status != InputStatus.MORE_AVAILABLE) {
            caughtUp.waiting();
        }
        return status;
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
        List<KafkaPartitionSplit> splits = kafka.snapshotState(checkpointId);
        List<KafkaPartitionSplit> withTime = new ArrayList<>(splits.size());
        for (KafkaPartitionSplit s : splits) {
            withTime.add(new SplitWithEventTime(s, newest.getOrDefault(s.splitId(), Long.MIN_VALUE)));
        }
        return withTime;
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> splits) {
        for (KafkaPartitionSplit s : splits) {
            long t = SplitWithEventTime.newestEventTimeOf(s);
            if (t != Long.MIN_VALUE) {
                newest.merge(s.splitId(), t, Math::max);
                toRestore.add(s.splitId());
            }
        }
        kafka.addSplits(splits);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return kafka.isAvailable();
    }

    @Override
    public void notifyNoMoreSplits() {
        kafka.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
        kafka.handleSourceEvents(sourceEvent);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        kafka.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        kafka.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(java.util.Collection<String> toPause, java.util.Collection<String> toResume) {
        kafka.pauseOrResumeSplits(toPause, toResume);
    }

    @Override
    public void close() throws Exception {
        caughtUp.stopOnThisThread();
        kafka.close();
    }

    /** Passes watermarks and idleness through to {@code out}; subclasses decide what happens to records. */
    private abstract static class ForwardingOutput<T, O extends SourceOutput<T>> implements SourceOutput<T> {
        final O out;

        ForwardingOutput(O out) {
            this.out = out;
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            out.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            out.markIdle();
        }

        @Override
        public void markActive() {
            out.markActive();
        }
    }

    /** The reader output with split outputs that note each record's event time. */
    private final class TrackingOutput extends ForwardingOutput<T, ReaderOutput<T>> implements ReaderOutput<T> {
        private final Map<String, SourceOutput<T>> splits = new HashMap<>();

        TrackingOutput(ReaderOutput<T> out) {
            super(out);
        }

        @Override
        public void collect(T record) {
            out.collect(record);
        }

        @Override
        public void collect(T record, long timestamp) {
            out.collect(record, timestamp);
        }

        @Override
        public SourceOutput<T> createOutputForSplit(String splitId) {
            return splits.computeIfAbsent(splitId, id -> new SplitOutput(id, out.createOutputForSplit(id)));
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            splits.remove(splitId);
            newest.remove(splitId);
            out.releaseOutputForSplit(splitId);
        }
    }

    private final class SplitOutput extends ForwardingOutput<T, SourceOutput<T>> {
        private final String splitId;

        SplitOutput(String splitId, SourceOutput<T> out) {
            super(out);
            this.splitId = splitId;
        }

        @Override
        public void collect(T record) {
            collect(record, TimestampAssigner.NO_TIMESTAMP);
        }

        @Override
        public void collect(T record, long timestamp) {
            // The watermark generator reads the event time again; for JSON a scan that stops at the field.
            newest.merge(splitId, eventTime.extractTimestamp(record, timestamp), Math::max);
            out.collect(record, timestamp);
        }
    }
}
