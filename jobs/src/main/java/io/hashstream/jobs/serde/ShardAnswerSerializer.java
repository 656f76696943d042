package io.hashstream.jobs.serde;

import io.hashstream.code.BinaryCode;
import io.hashstream.jobs.pipeline.Probe;
import io.hashstream.jobs.pipeline.ShardAnswer;
import java.util.List;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class ShardAnswerSerializer extends ImmutableSerializer<ShardAnswer> {
    private static final long serialVersionUID = 1L;
    public static final ShardAnswerSerializer INSTANCE = new ShardAnswerSerializer();
    public static final TypeInformation<ShardAnswer> TYPE = new SerializerTypeInfo<>(ShardAnswer.class, INSTANCE);

    @Override
    public ShardAnswer createInstance() {
        return new ShardAnswer(new Probe("", "", "", 0L, 0L, "", BinaryCode.ofWords(64, new long[1]), 0), List.of());
    }

    @Override
    public void serialize(ShardAnswer v, DataOutputView out) throws IOException {
        Codecs.writeProbe(out, v.probe());
        Codecs.writeMatches(out, v.candidates());
    }

    @Override
    public ShardAnswer deserialize(DataInputView in) throws IOException {
        return new ShardAnswer(Codecs.readProbe(in), Codecs.readMatches(in));
    }

    @Override
    public TypeSerializerSnapshot<ShardAnswer> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ShardAnswer> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
