package io.hashstream.jobs.serde;

import io.hashstream.event.DeadLetter;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class DeadLetterSerializer extends ImmutableSerializer<DeadLetter> {
    private static final long serialVersionUID = 1L;
    public static final DeadLetterSerializer INSTANCE = new DeadLetterSerializer();
    public static final TypeInformation<DeadLetter> TYPE = new SerializerTypeInfo<>(DeadLetter.class, INSTANCE);

    @Override
    public DeadLetter createInstance() {
        return new DeadLetter("", 0, 0L, null, null, "", "", 0L, -1, null);
    }

    @Override
    public void serialize(DeadLetter v, DataOutputView out) throws IOException {
        out.writeUTF(v.sourceTopic());
        out.writeInt(v.partition());
        out.writeLong(v.offset());
        Wire.writeString(out, v.id());
        Wire.writeString(out, v.tenant());
        out.writeUTF(v.reason());
        out.writeUTF(v.message());
        out.writeLong(v.rejectedAt());
        out.writeInt(v.rawSize());
        Wire.writeString(out, v.rawExcerpt());
    }

    @Override
    public DeadLetter deserialize(DataInputView in) throws IOException {
        return new DeadLetter(in.readUTF(), in.readInt(), in.readLong(), Wire.readString(in), Wire.readString(in),
                in.readUTF(), in.readUTF(), in.readLong(), in.readInt(), Wire.readString(in));
    }

    @Override
    public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeadLetter> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
