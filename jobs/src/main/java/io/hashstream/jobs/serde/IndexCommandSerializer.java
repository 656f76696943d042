package io.hashstream.jobs.serde;

import io.hashstream.jobs.pipeline.DeleteRequest;
import io.hashstream.jobs.pipeline.EncodedImage;
import io.hashstream.jobs.pipeline.IndexCommand;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class IndexCommandSerializer extends ImmutableSerializer<IndexCommand> {
    private static final long serialVersionUID = 1L;
    public static final IndexCommandSerializer INSTANCE = new IndexCommandSerializer();
    public static final TypeInformation<IndexCommand> TYPE = new SerializerTypeInfo<>(IndexCommand.class, INSTANCE);

    @Override
    public IndexCommand createInstance() {
        return DeleteRequestSerializer.INSTANCE.createInstance();
    }

    @Override
    public void serialize(IndexCommand v, DataOutputView out) throws IOException {
        if (v instanceof EncodedImage image) {
            out.writeByte(0);
            EncodedImageSerializer.INSTANCE.serialize(image, out);
        } else {
            out.writeByte(1);
            DeleteRequestSerializer.INSTANCE.serialize((DeleteRequest) v, out);
        }
    }

    @Override
    public IndexCommand deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case 0 -> EncodedImageSerializer.INSTANCE.deserialize(in);
            case 1 -> DeleteRequestSerializer.INSTANCE.deserialize(in);
            default -> throw new IOException("unknown IndexCommand tag " + tag);
        };
    }

    @Override
    public TypeSerializerSnapshot<IndexCommand> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<IndexCommand> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
