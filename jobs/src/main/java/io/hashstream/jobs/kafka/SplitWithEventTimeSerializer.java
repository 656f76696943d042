package io.hashstream.jobs.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Kafka splits with their newest event time: the connector's own bytes (with the connector's
 * version), then the event time. Versions below {@link #VERSION} are the connector's own format
 * (state written before splits carried event time) and restore as splits without one.
 */
final class SplitWithEventTimeSerializer implements SimpleVersionedSerializer<KafkaPartitionSplit> {
    /** Far above the connector's own versions (0..2), so both formats can be told apart on restore. */
    static final int VERSION = 1_000;

    private final KafkaPartitionSplitSerializer kafka = new KafkaPartitionSplitSerializer();

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(KafkaPartitionSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] inner = kafka.serialize(split);
            out.writeInt(kafka.getVersion());
            out.writeInt(inner.length);
            out.write(inner);
            out.writeLong(SplitWithEventTime.newestEventTimeOf(split));
        }
        return bytes.toByteArray();
    }

    @Override
    public KafkaPartitionSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version < VERSION) {
            return kafka.deserialize(version, serialized);
        }
        if (version != VERSION) {
            throw new IOException("unknown split serializer version " + version + " (this build reads up to " + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int innerVersion = in.readInt();
            byte[] inner = new byte[in.readInt()];
            in.readFully(inner);
            KafkaPartitionSplit split = kafka.deserialize(innerVersion, inner);
            long newest = in.readLong();
            return newest == Long.MIN_VALUE ? split : new SplitWithEventTime(split, newest);
        }
    }
}
