package io.hashstream.jobs.serde;

import io.hashstream.event.MatchResult;
import java.util.List;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class MatchResultSerializer extends ImmutableSerializer<MatchResult> {
    private static final long serialVersionUID = 1L;
    public static final MatchResultSerializer INSTANCE = new MatchResultSerializer();
    public static final TypeInformation<MatchResult> TYPE = new SerializerTypeInfo<>(MatchResult.class, INSTANCE);

    @Override
    public MatchResult createInstance() {
        return new MatchResult("", "", 0L, "", "00", 8, List.of(), "");
    }

    @Override
    public void serialize(MatchResult v, DataOutputView out) throws IOException {
        out.writeUTF(v.id());
        out.writeUTF(v.tenant());
        out.writeLong(v.eventTime());
        out.writeUTF(v.modelId());
        out.writeUTF(v.code());
        out.writeShort(v.bits());
        Codecs.writeMatches(out, v.matches());
        out.writeUTF(v.clusterId());
    }

    @Override
    public MatchResult deserialize(DataInputView in) throws IOException {
        return new MatchResult(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), in.readUTF(),
                in.readUnsignedShort(), Codecs.readMatches(in), in.readUTF());
    }

    @Override
    public TypeSerializerSnapshot<MatchResult> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MatchResult> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
