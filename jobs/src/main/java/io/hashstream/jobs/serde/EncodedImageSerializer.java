package io.hashstream.jobs.serde;

import io.hashstream.code.BinaryCode;
import io.hashstream.jobs.pipeline.EncodedImage;
import io.hashstream.jobs.pipeline.EventRef;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class EncodedImageSerializer extends ImmutableSerializer<EncodedImage> {
    private static final long serialVersionUID = 1L;
    public static final EncodedImageSerializer INSTANCE = new EncodedImageSerializer();
    public static final TypeInformation<EncodedImage> TYPE = new SerializerTypeInfo<>(EncodedImage.class, INSTANCE);

    @Override
    public EncodedImage createInstance() {
        return new EncodedImage(new EventRef("", 0, 0L), "", "", 0L, 0L, "", BinaryCode.ofWords(64, new long[1]));
    }

    @Override
    public void serialize(EncodedImage v, DataOutputView out) throws IOException {
        Codecs.writeRef(out, v.ref());
        out.writeUTF(v.tenant());
        out.writeUTF(v.id());
        out.writeLong(v.eventTime());
        out.writeLong(v.ingestMillis());
        out.writeUTF(v.modelId());
        Codecs.writeCode(out, v.code());
    }

    @Override
    public EncodedImage deserialize(DataInputView in) throws IOException {
        return new EncodedImage(Codecs.readRef(in), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(),
                in.readUTF(), Codecs.readCode(in));
    }

    @Override
    public TypeSerializerSnapshot<EncodedImage> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EncodedImage> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
