package io.hashstream.jobs.serde;

import io.hashstream.jobs.pipeline.DeleteRequest;
import io.hashstream.jobs.pipeline.EventRef;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class DeleteRequestSerializer extends ImmutableSerializer<DeleteRequest> {
    private static final long serialVersionUID = 1L;
    public static final DeleteRequestSerializer INSTANCE = new DeleteRequestSerializer();
    public static final TypeInformation<DeleteRequest> TYPE = new SerializerTypeInfo<>(DeleteRequest.class, INSTANCE);

    @Override
    public DeleteRequest createInstance() {
        return new DeleteRequest(new EventRef("", 0, 0L), "", "", 0L);
    }

    @Override
    public void serialize(DeleteRequest v, DataOutputView out) throws IOException {
        Codecs.writeRef(out, v.ref());
        out.writeUTF(v.tenant());
        out.writeUTF(v.id());
        out.writeLong(v.eventTime());
    }

    @Override
    public DeleteRequest deserialize(DataInputView in) throws IOException {
        return new DeleteRequest(Codecs.readRef(in), in.readUTF(), in.readUTF(), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<DeleteRequest> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format of the values in state: {@link StateFormatSnapshot}. */
    public static final class Snapshot extends StateFormatSnapshot<DeleteRequest> {
        public Snapshot() {
            super(1);
        }

        @Override
        protected TypeSerializer<DeleteRequest> current() {
            return INSTANCE;
        }
    }
}
