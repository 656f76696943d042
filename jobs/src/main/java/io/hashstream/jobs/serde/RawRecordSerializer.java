package io.hashstream.jobs.serde;

import io.hashstream.jobs.RawRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class RawRecordSerializer extends ImmutableSerializer<RawRecord> {
    private static final long serialVersionUID = 1L;
    public static final RawRecordSerializer INSTANCE = new RawRecordSerializer();
    public static final TypeInformation<RawRecord> TYPE = new SerializerTypeInfo<>(RawRecord.class, INSTANCE);

    @Override
    public RawRecord createInstance() {
        return new RawRecord("", 0, 0L, null, null, List.of(), 0L);
    }

    @Override
    public void serialize(RawRecord r, DataOutputView out) throws IOException {
        out.writeUTF(r.topic());
        out.writeInt(r.partition());
        out.writeLong(r.offset());
        Wire.writeBytes(out, r.key());
        Wire.writeBytes(out, r.value());
        out.writeInt(r.headers().size());
        for (RawRecord.Header h : r.headers()) {
            // Not writeUTF: Kafka allows header names past its 64 KB limit, and one must not fail the job.
            Wire.writeBytes(out, h.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Wire.writeBytes(out, h.value());
        }
        out.writeLong(r.timestamp());
    }

    @Override
    public RawRecord deserialize(DataInputView in) throws IOException {
        String topic = in.readUTF();
        int partition = in.readInt();
        long offset = in.readLong();
        byte[] key = Wire.readBytes(in);
        byte[] value = Wire.readBytes(in);
        int n = in.readInt();
        List<RawRecord.Header> headers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            headers.add(new RawRecord.Header(new String(Wire.readBytes(in), java.nio.charset.StandardCharsets.UTF_8),
                    Wire.readBytes(in)));
        }
        return new RawRecord(topic, partition, offset, key, value, headers, in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<RawRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RawRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
