package io.hashstream.jobs.serde;

import io.hashstream.code.BinaryCode;
import io.hashstream.jobs.pipeline.Registration;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

public final class RegistrationSerializer extends ImmutableSerializer<Registration> {
    private static final long serialVersionUID = 1L;
    public static final RegistrationSerializer INSTANCE = new RegistrationSerializer();
    public static final TypeInformation<Registration> TYPE = new SerializerTypeInfo<>(Registration.class, INSTANCE);

    @Override
    public Registration createInstance() {
        return new Registration("", BinaryCode.ofWords(64, new long[1]), 0L);
    }

    @Override
    public void serialize(Registration v, DataOutputView out) throws IOException {
        out.writeUTF(v.modelId());
        Codecs.writeCode(out, v.code());
        out.writeLong(v.eventTime());
    }

    @Override
    public Registration deserialize(DataInputView in) throws IOException {
        // interned like IdRegistryFunction's: a restored registry shares one string per model
        return new Registration(in.readUTF().intern(), Codecs.readCode(in), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<Registration> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format of the values in state: {@link StateFormatSnapshot}. */
    public static final class Snapshot extends StateFormatSnapshot<Registration> {
        public Snapshot() {
            super(1);
        }

        @Override
        protected TypeSerializer<Registration> current() {
            return INSTANCE;
        }
    }
}
