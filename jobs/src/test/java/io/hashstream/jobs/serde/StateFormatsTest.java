package io.hashstream.jobs.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.Match;
import io.hashstream.index.Substrings;
import io.hashstream.jobs.pipeline.DeleteRequest;
import io.hashstream.jobs.pipeline.EventRef;
import io.hashstream.jobs.pipeline.GatherProgress;
import io.hashstream.jobs.pipeline.PackedMultiIndex;
import io.hashstream.jobs.pipeline.PostingList;
import io.hashstream.jobs.pipeline.Probe;
import io.hashstream.jobs.pipeline.Registration;
import io.hashstream.jobs.pipeline.ShardMessage;

/**
 * The bytes every serializer of Flink state writes, pinned. A savepoint holds these bytes; when a
 * test here fails, the format changed: raise that serializer's format in its {@code Snapshot}, and
 * give the snapshot a reader of the old format (or accept that old savepoints are refused), then
 * pin the new bytes.
 */
class StateFormatsTest {
    private static final BinaryCode CODE = BinaryCode.fromHex("0123456789abcdef");
    private static final Probe PROBE = new Probe("images-3@42", "acme", "img-7", 1_700_000_000_000L, 5L, "m-1", CODE, 4);
    /** {@link #PROBE}'s bytes: request key, tenant, id, event time, ingest time, model, code, expected answers. */
    private static final String PROBE_PIN = "000b696d616765732d33403432" + "000461636d65" + "0005696d672d37" + "0000018bcfe56800"
            + "0000000000000005" + "00036d2d31" + "0040efcdab8967452301" + "00000004";

    private static <T> String write(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return HexFormat.of().formatHex(out.getCopyOfBuffer());
    }

    private static <T> T read(TypeSerializer<T> serializer, String hex) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(HexFormat.of().parseHex(hex));
        T value = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left after reading").isZero();
        return value;
    }

    /** The value writes the pinned bytes, and the pinned bytes read back to what writes them again. */
    private static <T> void pinned(TypeSerializer<T> serializer, T value, String hex) throws IOException {
        assertThat(write(serializer, value)).as(serializer.getClass().getSimpleName() + "'s format changed").isEqualTo(hex);
        assertThat(write(serializer, read(serializer, hex))).isEqualTo(hex);
    }

    @Test
    void postingList() throws IOException {
        PostingList bucket = new PostingList(1);
        bucket.add("img-1", 1_000L, CODE);
        bucket.add("img-2", 2_000L, BinaryCode.fromHex("fedcba9876543210"));
        String pin = "0001" + "00000002" + "0005696d672d31" + "0005696d672d32" + "00000000000003e8" + "00000000000007d0"
                + "efcdab8967452301" + "1032547698badcfe";
        pinned(PostingListSerializer.INSTANCE, bucket, pin);
        assertThat(read(PostingListSerializer.INSTANCE, pin)).isEqualTo(bucket);
    }

    @Test
    void registration() throws IOException {
        Registration r = new Registration("m-1", CODE, 1_234L);
        String pin = "00036d2d31" + "0040efcdab8967452301" + "00000000000004d2";
        pinned(RegistrationSerializer.INSTANCE, r, pin);
        assertThat(read(RegistrationSerializer.INSTANCE, pin)).isEqualTo(r);
    }

    @Test
    void deleteRequest() throws IOException {
        DeleteRequest d = new DeleteRequest(new EventRef("images", 3, 42L), "acme", "img-7", 5_678L);
        String pin = "0006696d61676573" + "00000003" + "000000000000002a" + "000461636d65" + "0005696d672d37"
                + "000000000000162e";
        pinned(DeleteRequestSerializer.INSTANCE, d, pin);
        assertThat(read(DeleteRequestSerializer.INSTANCE, pin)).isEqualTo(d);
    }

    @Test
    void gatherProgress() throws IOException {
        GatherProgress g = new GatherProgress(PROBE, 2, List.of(new Match("img-1", 3, 1_000L)));
        String pin = PROBE_PIN + "00000002" + "00000001" + "0005696d672d31" + "00000003" + "00000000000003e8";
        pinned(GatherProgressSerializer.INSTANCE, g, pin);
        assertThat(read(GatherProgressSerializer.INSTANCE, pin)).isEqualTo(g);
    }

    /** Held shard messages: every kind, since the kind is written by its position in the enum. */
    @Test
    void shardMessageOfEveryKind() throws IOException {
        assertThat(ShardMessage.Kind.values()).extracting(Enum::name)
                .containsExactly("DELETE", "PROBE_INSERT", "PROBE", "INSERT");
        String[] kindByte = {"00", "01", "02", "03"};
        for (ShardMessage.Kind kind : ShardMessage.Kind.values()) {
            ShardMessage m = new ShardMessage(kind, "acme|m-1|5", 2, PROBE);
            String pin = kindByte[kind.ordinal()] + "000a61636d657c6d2d317c35" + "0002" + PROBE_PIN;
            pinned(ShardMessageSerializer.INSTANCE, m, pin);
            assertThat(read(ShardMessageSerializer.INSTANCE, pin)).isEqualTo(m);
        }
    }

    @Test
    void packedMultiIndex() throws IOException {
        PackedMultiIndex index = new PackedMultiIndex(new Substrings(64, 4));
        index.add("img-1", 1_000L, CODE, 100);
        index.add("img-2", 2_000L, BinaryCode.fromHex("fedcba9876543210"), 100);
        index.add("img-3", 3_000L, CODE, 1); // img-1 fills its buckets at a cap of 1: linked in no table
        // format, bits, tables, retention cutoff, entries; then per entry: id, time, code, and whether full
        // buckets kept it out of tables (then which, as a mask)
        String pin = "01" + "0040" + "0004" + "8000000000000000" + "00000003"
                + "0005696d672d31" + "00000000000003e8" + "efcdab8967452301" + "00"
                + "0005696d672d32" + "00000000000007d0" + "1032547698badcfe" + "00"
                + "0005696d672d33" + "0000000000000bb8" + "efcdab8967452301" + "01" + "000000000000000f";
        pinned(PackedMultiIndexSerializer.INSTANCE, index, pin);
    }

    /** What a savepoint written before the format was recorded holds: the class name and version 3. */
    private static TypeSerializerSnapshot<?> readOldSnapshot(Class<?> snapshotClass, int version) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(snapshotClass.getName());
        out.writeInt(version);
        if (version == 2) {
            out.writeUTF("io.hashstream.jobs.serde.PostingListSerializer");
        }
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                StateFormatsTest.class.getClassLoader());
    }

    @Test
    void snapshotsFromBeforeTheFormatWasRecordedAreFormatOneAndRestoreAsIs() throws IOException {
        for (int version : new int[] {2, 3}) {
            @SuppressWarnings("unchecked")
            TypeSerializerSnapshot<PostingList> old =
                    (TypeSerializerSnapshot<PostingList>) readOldSnapshot(PostingListSerializer.Snapshot.class, version);
            assertThat(((StateFormatSnapshot<?>) old).format()).isEqualTo(1);
            assertThat(old.restoreSerializer()).isSameAs(PostingListSerializer.INSTANCE);
            assertThat(PostingListSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAsIs())
                    .isTrue();
        }
    }

    @Test
    void aSnapshotWritesAndReadsItsFormat() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, new RegistrationSerializer.Snapshot());
        TypeSerializerSnapshot<?> back = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(back).isInstanceOf(RegistrationSerializer.Snapshot.class);
        assertThat(((StateFormatSnapshot<?>) back).format()).isEqualTo(1);
    }

    /** A serializer at format 2 that can or cannot read format 1. */
    public static final class Format2 extends StateFormatSnapshot<String> {
        static boolean readsFormat1;

        public Format2() {
            super(2);
        }

        @Override
        protected TypeSerializer<String> current() {
            return StringSerializer.INSTANCE;
        }

        @Override
        protected Optional<TypeSerializer<String>> readerOf(int olderFormat) {
            return readsFormat1 && olderFormat == 1 ? Optional.of(StringSerializer.INSTANCE) : Optional.empty();
        }
    }

    @Test
    void anotherFormatIsMigratedWhenTheBuildReadsItAndRefusedWhenNot() throws IOException {
        @SuppressWarnings("unchecked")
        TypeSerializerSnapshot<String> written1 = (TypeSerializerSnapshot<String>) readOldSnapshot(Format2.class, 3);
        assertThat(((StateFormatSnapshot<?>) written1).format()).isEqualTo(1);

        Format2.readsFormat1 = true;
        TypeSerializerSchemaCompatibility<String> migrate = new Format2().resolveSchemaCompatibility(written1);
        assertThat(migrate.isCompatibleAfterMigration()).isTrue();
        assertThat(written1.restoreSerializer()).isSameAs(StringSerializer.INSTANCE);

        Format2.readsFormat1 = false;
        assertThat(new Format2().resolveSchemaCompatibility(written1).isIncompatible()).isTrue();
        assertThatThrownBy(written1::restoreSerializer).hasMessageContaining("state written in format 1, which this build (format 2) cannot read");
    }
}
