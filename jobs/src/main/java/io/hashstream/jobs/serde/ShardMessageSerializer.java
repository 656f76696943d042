package io.hashstream.jobs.serde;

import io.hashstream.code.BinaryCode;
import io.hashstream.jobs.pipeline.Probe;
import io.hashstream.jobs.pipeline.ShardMessage;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class ShardMessageSerializer extends ImmutableSerializer<ShardMessage> {
    private static final long serialVersionUID = 1L;
    public static final ShardMessageSerializer INSTANCE = new ShardMessageSerializer();
    public static final TypeInformation<ShardMessage> TYPE = new SerializerTypeInfo<>(ShardMessage.class, INSTANCE);

    @Override
    public ShardMessage createInstance() {
        return new ShardMessage(ShardMessage.Kind.PROBE, "", 0, new Probe("", "", "", 0L, 0L, "", BinaryCode.ofWords(64, new long[1]), 0));
    }

    @Override
    public void serialize(ShardMessage v, DataOutputView out) throws IOException {
        out.writeByte(v.kind().ordinal());
        out.writeUTF(v.shardKey());
        out.writeShort(v.table());
        Codecs.writeProbe(out, v.probe());
    }

    @Override
    public ShardMessage deserialize(DataInputView in) throws IOException {
        ShardMessage.Kind kind = ShardMessage.Kind.values()[in.readByte()];
        return new ShardMessage(kind, in.readUTF(), in.readShort(), Codecs.readProbe(in));
    }

    @Override
    public TypeSerializerSnapshot<ShardMessage> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format of the values in state: {@link StateFormatSnapshot}. */
    public static final class Snapshot extends StateFormatSnapshot<ShardMessage> {
        public Snapshot() {
            super(1);
        }

        @Override
        protected TypeSerializer<ShardMessage> current() {
            return INSTANCE;
        }
    }
}
