package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.jobs.serde.PostingListSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The packed bucket against a plain list of entries, under random adds, removes, evictions and copies. */
class PostingListTest {

    private record Entry(String id, long time, BinaryCode code) {}

    /** Ids the packed form must keep exactly: ASCII, U+0000, 2- and 3-byte chars, surrogate pairs and lone surrogates. */
    private static final String[] ODD_IDS = {"", "\u0000", "é", "ïd-\u07FF", "\u0800", "\uFFFF", "😀", "\uD800", "x\uDC00y"};

    private static String randomId(Random rnd, int i) {
        return switch (rnd.nextInt(4)) {
            case 0 -> ODD_IDS[rnd.nextInt(ODD_IDS.length)] + i;
            case 1 -> "img-" + i;
            default -> {
                StringBuilder b = new StringBuilder();
                int n = rnd.nextInt(12);
                for (int k = 0; k < n; k++) {
                    b.append((char) rnd.nextInt(rnd.nextBoolean() ? 128 : 0x10000));
                }
                yield b.append('#').append(i).toString();
            }
        };
    }

    @Test
    void behavesLikeAListOfEntries() throws IOException {
        Random rnd = new Random(11);
        for (int round = 0; round < 50; round++) {
            int words = 1 + rnd.nextInt(3);
            PostingList packed = new PostingList(words);
            List<Entry> model = new ArrayList<>();
            int next = 0;
            for (int step = 0; step < 300; step++) {
                int op = rnd.nextInt(10);
                if (op < 6) {
                    // mostly rising event times, sometimes a late one (a shard inserts late messages too)
                    long time = rnd.nextInt(8) == 0 ? next * 10L - rnd.nextInt(300) : next * 10L + rnd.nextInt(5);
                    Entry e = new Entry(randomId(rnd, next++), time, TestCodes.random(rnd, 64 * words));
                    packed.add(e.id(), e.time(), e.code());
                    model.add(e);
                } else if (op < 8 && !model.isEmpty()) {
                    Entry gone = model.remove(rnd.nextInt(model.size()));
                    assertThat(packed.remove(gone.id())).isTrue();
                    assertThat(packed.remove(gone.id())).as("removed once").isFalse();
                } else if (op == 8) {
                    long cutoff = next * 10L - rnd.nextInt(200);
                    int before = model.size();
                    model.removeIf(e -> e.time() < cutoff);
                    assertThat(packed.evictOlderThan(cutoff)).isEqualTo(before - model.size());
                } else {
                    PostingList copy = packed.copy();
                    assertThat(copy).isEqualTo(packed).hasSameHashCodeAs(packed);
                    packed = rnd.nextBoolean() ? copy : roundTrip(packed);
                }
                assertSame(packed, model, rnd);
            }
        }
    }

    private static void assertSame(PostingList packed, List<Entry> model, Random rnd) {
        assertThat(packed.size()).isEqualTo(model.size());
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < model.size(); i++) {
            Entry e = model.get(i);
            assertThat(packed.id(i)).isEqualTo(e.id());
            assertThat(packed.time(i)).isEqualTo(e.time());
            assertThat(packed.indexOf(e.id())).isEqualTo(i);
            BinaryCode query = TestCodes.random(rnd, e.code().bits());
            assertThat(packed.distance(i, query)).isEqualTo(e.code().distance(query));
            oldest = Math.min(oldest, e.time());
        }
        assertThat(packed.oldestTime()).isEqualTo(oldest);
        assertThat(packed.indexOf("absent-id")).isEqualTo(-1);
    }

    private static PostingList roundTrip(PostingList p) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        PostingListSerializer.INSTANCE.serialize(p, out);
        PostingList back = PostingListSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(p);
        return back;
    }

    @Test
    void keepsTheSerializedFormOfStringIds() throws IOException {
        // The savepoint format is unchanged: ids are written with writeUTF, as before the packed layout.
        PostingList p = new PostingList(1);
        p.add("é\uD800", 5L, BinaryCode.ofWords(64, new long[] {42L}));
        DataOutputSerializer out = new DataOutputSerializer(64);
        PostingListSerializer.INSTANCE.serialize(p, out);
        DataOutputSerializer expected = new DataOutputSerializer(64);
        expected.writeShort(1);
        expected.writeInt(1);
        expected.writeUTF("é\uD800");
        expected.writeLong(5L);
        expected.writeLong(42L);
        assertThat(out.getCopyOfBuffer()).isEqualTo(expected.getCopyOfBuffer());
    }
}
