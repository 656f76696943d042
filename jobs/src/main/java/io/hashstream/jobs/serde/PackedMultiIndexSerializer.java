package io.hashstream.jobs.serde;

import io.hashstream.index.Substrings;
import io.hashstream.jobs.pipeline.PackedMultiIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a shard's index as its live entries, oldest first (id, event time, code, and the tables a
 * full bucket kept it out of); reading rebuilds the tables. Dead slots and the tables' chains are not
 * written, so a snapshot holds about L + 17 + 8w bytes per image.
 */
public final class PackedMultiIndexSerializer extends TypeSerializerSingleton<PackedMultiIndex> {
    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 1;
    public static final PackedMultiIndexSerializer INSTANCE = new PackedMultiIndexSerializer();
    public static final TypeInformation<PackedMultiIndex> TYPE =
            new SerializerTypeInfo<>(PackedMultiIndex.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PackedMultiIndex createInstance() {
        return new PackedMultiIndex(new Substrings(64, 1));
    }

    @Override
    public PackedMultiIndex copy(PackedMultiIndex from) {
        return from.copy();
    }

    @Override
    public PackedMultiIndex copy(PackedMultiIndex from, PackedMultiIndex reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PackedMultiIndex index, DataOutputView out) throws IOException {
        Substrings layout = index.layout();
        out.writeByte(FORMAT);
        out.writeShort(layout.bits());
        out.writeShort(layout.substringCount());
        out.writeLong(index.retentionCutoff());
        out.writeInt(index.size());
        try {
            index.forEachLive(slot -> {
                try {
                    out.writeUTF(index.id(slot));
                    out.writeLong(index.time(slot));
                    for (long w : index.words(slot)) {
                        out.writeLong(w);
                    }
                    long unlinked = index.unlinkedMask(slot);
                    out.writeBoolean(unlinked != 0);
                    if (unlinked != 0) {
                        out.writeLong(unlinked);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public PackedMultiIndex deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("unknown packed index format " + format);
        }
        int bits = in.readUnsignedShort();
        int m = in.readUnsignedShort();
        long cutoff = in.readLong();
        int n = in.readInt();
        PackedMultiIndex index = new PackedMultiIndex(new Substrings(bits, m));
        long[] words = new long[(bits + 63) / 64];
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            long time = in.readLong();
            for (int w = 0; w < words.length; w++) {
                words[w] = in.readLong();
            }
            long unlinked = in.readBoolean() ? in.readLong() : 0L;
            index.restore(id, time, words, unlinked);
        }
        index.keepCutoff(cutoff);
        return index;
    }

    @Override
    public PackedMultiIndex deserialize(PackedMultiIndex reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<PackedMultiIndex> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format of the values in state: {@link StateFormatSnapshot}. */
    public static final class Snapshot extends StateFormatSnapshot<PackedMultiIndex> {
        public Snapshot() {
            super(FORMAT);
        }

        @Override
        protected TypeSerializer<PackedMultiIndex> current() {
            return INSTANCE;
        }
    }
}
