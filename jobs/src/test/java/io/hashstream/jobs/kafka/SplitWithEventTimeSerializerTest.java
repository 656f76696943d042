package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SplitWithEventTimeSerializerTest {

    private final SplitWithEventTimeSerializer serializer = new SplitWithEventTimeSerializer();
    private final TopicPartition partition = new TopicPartition("images", 3);

    @Test
    void splitsKeepPositionAndNewestEventTime() throws Exception {
        KafkaPartitionSplit split = new SplitWithEventTime(partition, 42, KafkaPartitionSplit.NO_STOPPING_OFFSET, 1_700_000_000_123L);

        KafkaPartitionSplit back = serializer.deserialize(serializer.getVersion(), serializer.serialize(split));

        assertThat(back).isInstanceOf(SplitWithEventTime.class).isEqualTo(split);
        assertThat(back.getStartingOffset()).isEqualTo(42);
        assertThat(back.getStoppingOffset()).isEmpty();
        assertThat(SplitWithEventTime.newestEventTimeOf(back)).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void splitsWithoutEventTimeStayPlain() throws Exception {
        KafkaPartitionSplit split = new KafkaPartitionSplit(partition, 7, 99);

        KafkaPartitionSplit back = serializer.deserialize(serializer.getVersion(), serializer.serialize(split));

        assertThat(back).isNotInstanceOf(SplitWithEventTime.class).isEqualTo(split);
        assertThat(back.getStoppingOffset()).contains(99L);
    }

    @Test
    void stateWrittenByTheConnectorsOwnSerializerStillRestores() throws Exception {
        KafkaPartitionSplitSerializer connector = new KafkaPartitionSplitSerializer();
        KafkaPartitionSplit split = new KafkaPartitionSplit(partition, 7);

        KafkaPartitionSplit back = serializer.deserialize(connector.getVersion(), connector.serialize(split));

        assertThat(back).isEqualTo(split);
        assertThat(SplitWithEventTime.newestEventTimeOf(back)).isEqualTo(Long.MIN_VALUE);
    }
}
