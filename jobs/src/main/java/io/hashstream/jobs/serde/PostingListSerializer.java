package io.hashstream.jobs.serde;

import io.hashstream.jobs.pipeline.PostingList;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a bucket as its three columns; {@link PostingList} is mutable, so copies are deep. */
public final class PostingListSerializer extends TypeSerializerSingleton<PostingList> {
    private static final long serialVersionUID = 1L;
    public static final PostingListSerializer INSTANCE = new PostingListSerializer();
    public static final TypeInformation<PostingList> TYPE = new SerializerTypeInfo<>(PostingList.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PostingList createInstance() {
        return new PostingList(1);
    }

    @Override
    public PostingList copy(PostingList from) {
        return from.copy();
    }

    @Override
    public PostingList copy(PostingList from, PostingList reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PostingList p, DataOutputView out) throws IOException {
        int n = p.size();
        int wpc = p.wordsPerCode();
        out.writeShort(wpc);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeUTF(p.id(i));
        }
        for (int i = 0; i < n; i++) {
            out.writeLong(p.time(i));
        }
        long[] words = p.words();
        for (int i = 0; i < n * wpc; i++) {
            out.writeLong(words[i]);
        }
    }

    @Override
    public PostingList deserialize(DataInputView in) throws IOException {
        int wpc = in.readUnsignedShort();
        int n = in.readInt();
        int cap = Math.max(n, 1);
        String[] ids = new String[cap];
        long[] times = new long[cap];
        long[] words = new long[cap * wpc];
        for (int i = 0; i < n; i++) {
            ids[i] = in.readUTF();
        }
        for (int i = 0; i < n; i++) {
            times[i] = in.readLong();
        }
        for (int i = 0; i < n * wpc; i++) {
            words[i] = in.readLong();
        }
        return new PostingList(wpc, n, ids, times, words);
    }

    @Override
    public PostingList deserialize(PostingList reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<PostingList> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format of the values in state: {@link StateFormatSnapshot}. */
    public static final class Snapshot extends StateFormatSnapshot<PostingList> {
        public Snapshot() {
            super(1);
        }

        @Override
        protected TypeSerializer<PostingList> current() {
            return INSTANCE;
        }
    }
}
