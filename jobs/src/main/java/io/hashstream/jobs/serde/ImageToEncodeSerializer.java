package io.hashstream.jobs.serde;

import io.hashstream.jobs.pipeline.EventRef;
import io.hashstream.jobs.pipeline.ImageToEncode;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class ImageToEncodeSerializer extends ImmutableSerializer<ImageToEncode> {
    private static final long serialVersionUID = 1L;
    public static final ImageToEncodeSerializer INSTANCE = new ImageToEncodeSerializer();
    public static final TypeInformation<ImageToEncode> TYPE = new SerializerTypeInfo<>(ImageToEncode.class, INSTANCE);

    @Override
    public ImageToEncode createInstance() {
        return new ImageToEncode(new EventRef("", 0, 0L), "", "", 0L, 0L, new float[0]);
    }

    @Override
    public void serialize(ImageToEncode v, DataOutputView out) throws IOException {
        Codecs.writeRef(out, v.ref());
        out.writeUTF(v.tenant());
        out.writeUTF(v.id());
        out.writeLong(v.eventTime());
        out.writeLong(v.ingestMillis());
        Wire.writeFloats(out, v.pixels());
    }

    @Override
    public ImageToEncode deserialize(DataInputView in) throws IOException {
        return new ImageToEncode(Codecs.readRef(in), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(),
                Wire.readFloats(in));
    }

    @Override
    public TypeSerializerSnapshot<ImageToEncode> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ImageToEncode> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
