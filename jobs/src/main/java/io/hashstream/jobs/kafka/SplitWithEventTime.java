package io.hashstream.jobs.kafka;

import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka partition split as a reader checkpoints it: the position, plus the newest event time the
 * reader had emitted from the partition ({@link Long#MIN_VALUE}: none yet). Flink does not checkpoint
 * watermarks; this is how a partition's event-time progress survives a restore.
 */
final class SplitWithEventTime extends KafkaPartitionSplit {
    private final long newestEventTime;

    SplitWithEventTime(KafkaPartitionSplit split, long newestEventTime) {
        this(split.getTopicPartition(), split.getStartingOffset(),
                split.getStoppingOffset().orElse(KafkaPartitionSplit.NO_STOPPING_OFFSET), newestEventTime);
    }

    SplitWithEventTime(TopicPartition partition, long startingOffset, long stoppingOffset, long newestEventTime) {
        super(partition, startingOffset, stoppingOffset);
        this.newestEventTime = newestEventTime;
    }

    /** The newest event time emitted from this partition before the checkpoint, or {@link Long#MIN_VALUE}. */
    long newestEventTime() {
        return newestEventTime;
    }

    /** The newest event time a split carries: {@link Long#MIN_VALUE} for a split fresh from the enumerator. */
    static long newestEventTimeOf(KafkaPartitionSplit split) {
        return split instanceof SplitWithEventTime s ? s.newestEventTime : Long.MIN_VALUE;
    }

    @Override
    public String toString() {
        return super.toString() + " newestEventTime=" + newestEventTime;
    }
}
