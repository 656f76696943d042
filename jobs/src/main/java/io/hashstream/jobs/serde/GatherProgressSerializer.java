package io.hashstream.jobs.serde;

import io.hashstream.code.BinaryCode;
import io.hashstream.jobs.pipeline.GatherProgress;
import io.hashstream.jobs.pipeline.Probe;
import java.util.List;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class GatherProgressSerializer extends ImmutableSerializer<GatherProgress> {
    private static final long serialVersionUID = 1L;
    public static final GatherProgressSerializer INSTANCE = new GatherProgressSerializer();
    public static final TypeInformation<GatherProgress> TYPE = new SerializerTypeInfo<>(GatherProgress.class, INSTANCE);

    @Override
    public GatherProgress createInstance() {
        return new GatherProgress(new Probe("", "", "", 0L, 0L, "", BinaryCode.ofWords(64, new long[1]), 0), 0, List.of());
    }

    @Override
    public void serialize(GatherProgress v, DataOutputView out) throws IOException {
        Codecs.writeProbe(out, v.probe());
        out.writeInt(v.received());
        Codecs.writeMatches(out, v.candidates());
    }

    @Override
    public GatherProgress deserialize(DataInputView in) throws IOException {
        return new GatherProgress(Codecs.readProbe(in), in.readInt(), Codecs.readMatches(in));
    }

    @Override
    public TypeSerializerSnapshot<GatherProgress> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format of the values in state: {@link StateFormatSnapshot}. */
    public static final class Snapshot extends StateFormatSnapshot<GatherProgress> {
        public Snapshot() {
            super(1);
        }

        @Override
        protected TypeSerializer<GatherProgress> current() {
            return INSTANCE;
        }
    }
}
