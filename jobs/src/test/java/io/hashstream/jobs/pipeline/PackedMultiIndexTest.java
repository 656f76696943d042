package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.index.Substrings;
import io.hashstream.jobs.serde.PackedMultiIndexSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The packed shard index against a brute-force model of the same rules, under random adds, re-sent
 * ids, deletes, retention, hot-bucket caps, rebuilds, copies and serializer round trips: every search
 * must return exactly the live entries within the radius that a table linking them reaches.
 */
class PackedMultiIndexTest {

    /** The model's entry: its table links (which a full bucket may have refused) decided as the index does. */
    private record Entry(String id, long time, BinaryCode code, long unlinked) {}

    private static final class Model {
        final Substrings layout;
        final int cap;
        final Map<String, Entry> live = new LinkedHashMap<>();

        Model(Substrings layout, int cap) {
            this.layout = layout;
            this.cap = cap;
        }

        /** The mask of tables whose bucket already links {@code cap} live entries. */
        long add(String id, long time, BinaryCode code) {
            long unlinked = 0;
            for (int t = 0; t < layout.substringCount(); t++) {
                long value = layout.substring(code, t);
                int table = t;
                long inBucket = live.values().stream()
                        .filter(e -> (e.unlinked & (1L << table)) == 0 && layout.substring(e.code, table) == value)
                        .count();
                if (inBucket >= cap) {
                    unlinked |= 1L << t;
                }
            }
            live.put(id, new Entry(id, time, code, unlinked));
            return Long.bitCount(unlinked);
        }

        Map<String, Integer> search(BinaryCode q, int radius) {
            Map<String, Integer> out = new TreeMap<>();
            for (Entry e : live.values()) {
                int d = e.code.distance(q);
                boolean reached = false;
                for (int t = 0; t < layout.substringCount(); t++) {
                    int pr = layout.probeRadius(t, radius);
                    reached |= pr >= 0 && (e.unlinked & (1L << t)) == 0
                            && Long.bitCount(layout.substring(e.code, t) ^ layout.substring(q, t)) <= pr;
                }
                if (d <= radius && reached) {
                    out.put(e.id, d);
                }
            }
            return out;
        }
    }

    private static Map<String, Integer> search(PackedMultiIndex index, BinaryCode q, int radius) {
        Map<String, Integer> out = new TreeMap<>();
        index.search(q, radius, (slot, d) -> assertThat(out.put(index.id(slot), d)).as("reported once").isNull());
        return out;
    }

    private static PackedMultiIndex roundTrip(PackedMultiIndex index) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        PackedMultiIndexSerializer.INSTANCE.serialize(index, out);
        return PackedMultiIndexSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    /** Drops from the model what the index no longer holds; all of it must be older than the cutoff. */
    private static int expired(PackedMultiIndex index, Model model, long cutoff) {
        List<Entry> gone = model.live.values().stream().filter(e -> index.find(e.id) < 0).toList();
        for (Entry e : gone) {
            assertThat(e.time).as("dropped " + e.id).isLessThan(cutoff);
            model.live.remove(e.id);
        }
        return gone.size();
    }

    @Test
    void searchesReturnExactlyWhatABruteForceModelReturns() throws IOException {
        Random rnd = new Random(29);
        int checkedHits = 0;
        for (int round = 0; round < 40; round++) {
            int bits = rnd.nextBoolean() ? 64 : 128;
            int radius = rnd.nextInt(10);
            // m from r/2 + 1 up (probe radius at most 1-2: enumerable balls), at least one table per word
            Substrings layout = new Substrings(bits, Math.max(bits / 64, radius / 2 + 1 + rnd.nextInt(radius + 2)));
            int cap = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(4) : Integer.MAX_VALUE;
            PackedMultiIndex index = new PackedMultiIndex(layout);
            Model model = new Model(layout, cap);
            List<BinaryCode> centres = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                centres.add(TestCodes.random(rnd, bits));
            }
            long clock = 0;
            long cutoff = Long.MIN_VALUE;
            for (int step = 0; step < 600; step++) {
                int op = rnd.nextInt(20);
                if (op < 12) {
                    // mostly rising times, sometimes a late one; ids from a small pool, so some come again
                    clock += rnd.nextInt(3);
                    long time = rnd.nextInt(10) == 0 ? clock - rnd.nextInt(40) : clock;
                    String id = "img-" + rnd.nextInt(150);
                    BinaryCode code = TestCodes.near(rnd, centres.get(rnd.nextInt(centres.size())), rnd.nextInt(12));
                    int slot = index.find(id);
                    assertThat(slot >= 0).as("held: " + id).isEqualTo(model.live.containsKey(id));
                    if (slot >= 0) {
                        model.live.remove(id);
                        assertThat(index.remove(slot)).isEqualTo(expired(index, model, cutoff));
                    }
                    long dropped = model.add(id, time, code);
                    assertThat(index.add(id, time, code, cap)).as("tables refused").isEqualTo((int) dropped);
                } else if (op < 14 && !model.live.isEmpty()) {
                    String id = new ArrayList<>(model.live.keySet()).get(rnd.nextInt(model.live.size()));
                    model.live.remove(id);
                    assertThat(index.remove(index.find(id))).isEqualTo(expired(index, model, cutoff));
                    assertThat(index.find(id)).isEqualTo(-1);
                } else if (op == 14) {
                    cutoff = Math.max(cutoff, clock - 60 - rnd.nextInt(60));
                    // The index drops a prefix now and late stragglers at its next rebuild (no probe
                    // newer than cutoff + retention can see them meanwhile): the model follows it, and
                    // checks that all it dropped was older than the cutoff.
                    assertThat(index.evictOlderThan(cutoff)).isEqualTo(expired(index, model, cutoff));
                } else if (op == 15) {
                    index = rnd.nextBoolean() ? index.copy() : roundTrip(index);
                } else {
                    BinaryCode q = rnd.nextInt(4) == 0 ? TestCodes.random(rnd, bits)
                            : TestCodes.near(rnd, centres.get(rnd.nextInt(centres.size())), rnd.nextInt(12));
                    Map<String, Integer> expected = model.search(q, radius);
                    assertThat(search(index, q, radius)).isEqualTo(expected);
                    checkedHits += expected.size();
                }
                assertThat(index.size()).isEqualTo(model.live.size());
            }
            for (Entry e : model.live.values()) {
                int slot = index.find(e.id);
                assertThat(slot).as(e.id).isGreaterThanOrEqualTo(0);
                assertThat(index.time(slot)).isEqualTo(e.time);
                assertThat(index.words(slot)).isEqualTo(e.code.words());
                assertThat(index.unlinkedMask(slot)).isEqualTo(e.unlinked);
            }
        }
        assertThat(checkedHits).as("the searches found things").isGreaterThan(2_000);
    }

    @Test
    void evictionPassesEveryEntryOlderThanTheCutoffInTimeOrder() {
        Substrings layout = new Substrings(64, 7);
        PackedMultiIndex index = new PackedMultiIndex(layout);
        Random rnd = new Random(3);
        for (int i = 0; i < 1_000; i++) {
            index.add("e" + i, i, TestCodes.random(rnd, 64), Integer.MAX_VALUE);
        }
        assertThat(index.evictOlderThan(400)).isEqualTo(400);
        assertThat(index.nextExpiringTime()).isEqualTo(400);
        assertThat(index.find("e399")).isEqualTo(-1);
        assertThat(index.find("e400")).isGreaterThanOrEqualTo(0);
        assertThat(index.evictOlderThan(900)).as("a rebuild on the way loses nothing").isEqualTo(500);
        assertThat(index.size()).isEqualTo(100);
        assertThat(index.slots()).as("dead slots outnumbered live ones: rebuilt").isEqualTo(100);
        assertThat(index.evictOlderThan(2_000)).isEqualTo(100);
        assertThat(index.nextExpiringTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void oddIdsSurviveTheBytesAndTheSerializer() throws IOException {
        String[] ids = {"", "\u0000", "é", "ïd-\u07FF", "\u0800", "\uFFFF", "😀", "\uD800", "x\uDC00y", "img-1"};
        PackedMultiIndex index = new PackedMultiIndex(new Substrings(64, 2));
        Random rnd = new Random(5);
        for (int i = 0; i < ids.length; i++) {
            index.add(ids[i], i, TestCodes.random(rnd, 64), Integer.MAX_VALUE);
        }
        PackedMultiIndex back = roundTrip(index);
        for (int i = 0; i < ids.length; i++) {
            assertThat(back.id(back.find(ids[i]))).isEqualTo(ids[i]);
            assertThat(index.id(index.find(ids[i]))).isEqualTo(ids[i]);
        }
    }

    /** A brute-force oracle for indexes without a bucket cap: every live entry within the radius. */
    private static Map<String, Integer> scan(Map<String, Entry> live, BinaryCode q, int radius) {
        Map<String, Integer> out = new TreeMap<>();
        for (Entry e : live.values()) {
            if (e.code.distance(q) <= radius) {
                out.put(e.id, e.code.distance(q));
            }
        }
        return out;
    }

    /** Adds, re-sends, deletes and evicts at random, on the index and its oracle alike. */
    private static void churn(PackedMultiIndex index, Map<String, Entry> live, Random rnd, String prefix, long[] clock) {
        for (int step = 0; step < 6_000; step++) {
            int op = rnd.nextInt(10);
            if (op < 6) {
                // a new id, or one already held (re-sent): the old slot goes first
                String id = op == 0 && !live.isEmpty() ? pick(live, rnd) : prefix + step;
                if (index.find(id) >= 0) {
                    index.remove(index.find(id));
                }
                BinaryCode code = TestCodes.random(rnd, 64);
                index.add(id, ++clock[0], code, Integer.MAX_VALUE);
                live.put(id, new Entry(id, clock[0], code, 0));
            } else if (op < 9 && !live.isEmpty()) {
                String id = pick(live, rnd);
                index.remove(index.find(id));
                live.remove(id);
            } else if (op == 9) {
                long cutoff = clock[0] - 30_000;
                index.evictOlderThan(cutoff);
                live.values().removeIf(e -> e.time < cutoff);
            }
        }
    }

    private static String pick(Map<String, Entry> live, Random rnd) {
        return live.keySet().stream().skip(rnd.nextInt(live.size())).findFirst().orElseThrow();
    }

    private static void assertHolds(PackedMultiIndex index, Map<String, Entry> live, Random rnd, int radius) {
        assertThat(index.size()).isEqualTo(live.size());
        List<Entry> entries = new ArrayList<>(live.values());
        for (int k = 0; k < 40; k++) {
            BinaryCode q = TestCodes.near(rnd, entries.get(rnd.nextInt(entries.size())).code, rnd.nextInt(radius + 2));
            assertThat(search(index, q, radius)).isEqualTo(scan(live, q, radius));
        }
        for (int k = 0; k < 2_000; k++) {
            Entry e = entries.get(rnd.nextInt(entries.size()));
            int slot = index.find(e.id);
            assertThat(slot).as(e.id).isGreaterThanOrEqualTo(0);
            assertThat(index.time(slot)).isEqualTo(e.time);
            assertThat(index.words(slot)).isEqualTo(e.code.words());
        }
    }

    @Test
    void aCopyAndItsOriginalChangeIndependentlyOverManyPages() throws IOException {
        // Enough entries that every column spans several pages (ids > 64 KiB, slots > 16,384), so the
        // copy shares pages and each side's writes must copy them first.
        Substrings layout = new Substrings(64, 4);
        PackedMultiIndex original = new PackedMultiIndex(layout);
        Map<String, Entry> originalLive = new LinkedHashMap<>();
        Random rnd = new Random(41);
        long[] clock = {0};
        for (int i = 0; i < 40_000; i++) {
            String id = "image-with-a-longer-id-" + i;
            BinaryCode code = TestCodes.random(rnd, 64);
            original.add(id, ++clock[0], code, Integer.MAX_VALUE);
            originalLive.put(id, new Entry(id, clock[0], code, 0));
        }
        byte[] snapshot = bytes(original);

        PackedMultiIndex copy = original.copy();
        Map<String, Entry> copyLive = new LinkedHashMap<>(originalLive);
        long[] copyClock = {clock[0]};
        churn(copy, copyLive, rnd, "copy-", copyClock);
        // The original is what a running snapshot reads: untouched by the copy's writes.
        assertThat(bytes(original)).isEqualTo(snapshot);
        assertHolds(original, originalLive, rnd, 6);
        assertHolds(copy, copyLive, rnd, 6);

        // And the other way round: a fresh copy keeps its state while the original changes.
        PackedMultiIndex second = original.copy();
        Map<String, Entry> secondLive = new LinkedHashMap<>(originalLive);
        byte[] secondBytes = bytes(second);
        churn(original, originalLive, rnd, "original-", clock);
        assertThat(bytes(second)).isEqualTo(secondBytes);
        assertHolds(original, originalLive, rnd, 6);
        assertHolds(second, secondLive, rnd, 6);
        assertHolds(copy, copyLive, rnd, 6);
        assertHolds(roundTrip(copy), copyLive, rnd, 6);
    }

    @Test
    void aCopyCostsPageTablesNotTheIndex() {
        PackedMultiIndex index = new PackedMultiIndex(new Substrings(64, 4));
        Random rnd = new Random(43);
        for (int i = 0; i < 200_000; i++) {
            index.add("img-" + i, i, TestCodes.random(rnd, 64), Integer.MAX_VALUE);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        PackedMultiIndex copy = index.copy();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(copy.size()).isEqualTo(index.size());
        // a deep copy would allocate memoryBytes() (about 12 MB here)
        assertThat(allocated).as("bytes allocated by copy()").isLessThan(index.memoryBytes() / 100);
    }

    private static byte[] bytes(PackedMultiIndex index) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1 << 16);
        PackedMultiIndexSerializer.INSTANCE.serialize(index, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void memoryPerImageIsCloseToTheRawColumns() {
        // 64-bit codes, 7 tables, 10-byte ids: ids 10 + end 4 + time 8 + code 8 + chains 28 + lookup,
        // flags and growth slack; measured, not guessed: the bound is what the arrays hold.
        PackedMultiIndex index = new PackedMultiIndex(new Substrings(64, 7));
        Random rnd = new Random(9);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            index.add(String.format("img-%06d", i), i, TestCodes.random(rnd, 64), Integer.MAX_VALUE);
        }
        double perImage = (double) index.memoryBytes() / n;
        assertThat(perImage).isBetween(58.0, 100.0);
    }
}
