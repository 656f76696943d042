package io.hashstream.jobs.serde;

import io.hashstream.jobs.pipeline.DeleteRequest;
import io.hashstream.jobs.pipeline.ImageToEncode;
import io.hashstream.jobs.pipeline.Ingested;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class IngestedSerializer extends ImmutableSerializer<Ingested> {
    private static final long serialVersionUID = 1L;
    public static final IngestedSerializer INSTANCE = new IngestedSerializer();
    public static final TypeInformation<Ingested> TYPE = new SerializerTypeInfo<>(Ingested.class, INSTANCE);

    @Override
    public Ingested createInstance() {
        return DeleteRequestSerializer.INSTANCE.createInstance();
    }

    @Override
    public void serialize(Ingested v, DataOutputView out) throws IOException {
        if (v instanceof ImageToEncode image) {
            out.writeByte(0);
            ImageToEncodeSerializer.INSTANCE.serialize(image, out);
        } else {
            out.writeByte(1);
            DeleteRequestSerializer.INSTANCE.serialize((DeleteRequest) v, out);
        }
    }

    @Override
    public Ingested deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case 0 -> ImageToEncodeSerializer.INSTANCE.deserialize(in);
            case 1 -> DeleteRequestSerializer.INSTANCE.deserialize(in);
            default -> throw new IOException("unknown Ingested tag " + tag);
        };
    }

    @Override
    public TypeSerializerSnapshot<Ingested> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Ingested> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
