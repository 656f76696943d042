package io.hashstream.jobs.kafka;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.flink.streaming.api.lineage.SourceLineageVertex;

/**
 * A {@link KafkaSource} whose partitions keep their event-time progress across restores (see
 * {@link EventTimeRestoringReader}): without it, a partition that receives nothing after a restore
 * holds the job's watermark at its minimum and stalls every result that waits for event time.
 * Enumeration, offsets and reading are the Kafka connector's, unchanged.
 */
public final class EventTimeRestoringKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T>, LineageVertexProvider {
    private static final long serialVersionUID = 1L;

    /** The watermark the job's generator emits once it has seen a given newest event time. */
    @FunctionalInterface
    public interface WatermarkAfter extends Serializable {
        long watermarkAfter(long newestEventTime);
    }

    private final KafkaSource<T> kafka;
    private final SerializableTimestampAssigner<T> eventTime;
    private final WatermarkAfter watermarkAfter;

    /**
     * @param eventTime the event time of a record, the same the job's watermark strategy assigns
     * @param watermarkAfter the watermark the job's generator emits once it has seen a given newest
     *     event time (a restored partition resumes there)
     */
    public EventTimeRestoringKafkaSource(KafkaSource<T> kafka, SerializableTimestampAssigner<T> eventTime,
            WatermarkAfter watermarkAfter) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.eventTime = Objects.requireNonNull(eventTime, "eventTime");
        this.watermarkAfter = Objects.requireNonNull(watermarkAfter, "watermarkAfter");
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context) throws Exception {
        return new EventTimeRestoringReader<>(kafka.createReader(context), eventTime, watermarkAfter);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state) throws Exception {
        return kafka.restoreEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return new SplitWithEventTimeSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }

    @Override
    public SourceLineageVertex getLineageVertex() {
        return kafka.getLineageVertex();
    }
}
