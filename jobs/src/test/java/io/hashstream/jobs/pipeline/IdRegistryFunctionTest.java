package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.DeadLetter;
import io.hashstream.jobs.serde.DeadLetterSerializer;
import io.hashstream.jobs.serde.RegistrationSerializer;
import io.hashstream.jobs.serde.ShardMessageSerializer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class IdRegistryFunctionTest {
    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead-letters", DeadLetterSerializer.TYPE);
    private static final IndexRouting ROUTING = new IndexRouting(3, 4);
    private final Random rnd = new Random(9);

    private static KeyedOneInputStreamOperatorTestHarness<String, IndexCommand, ShardMessage> harness(long retention)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IdRegistryFunction(ROUTING, retention, DEAD)),
                IndexCommand::registryKey, Types.STRING);
        h.setup(ShardMessageSerializer.INSTANCE);
        h.open();
        return h;
    }

    private static EncodedImage image(String id, long time, BinaryCode code, long offset) {
        return new EncodedImage(new EventRef("images", 0, offset), "acme", id, time, 0L, "m", code);
    }

    private static Set<String> keys(List<ShardMessage> messages, ShardMessage.Kind kind) {
        return messages.stream().filter(m -> m.kind() == kind).map(ShardMessage::shardKey).collect(Collectors.toSet());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, IndexCommand, ShardMessage> unopened(IndexRouting routing)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IdRegistryFunction(routing, Long.MAX_VALUE, DEAD)),
                IndexCommand::registryKey, Types.STRING);
        h.setup(ShardMessageSerializer.INSTANCE);
        return h;
    }

    @Test
    void aRestoreWhoseSubstringsMoveTheModelsBucketsFailsAtItsNextImage() throws Exception {
        // With substrings 0 the bucket layout's m is r + 1: another radius moves every bucket key of the
        // model; m = 4 given outright is the same layout, and another model is keyed apart anyway.
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = unopened(new IndexRouting(3, 0))) {
            h.open();
            h.processElement(image("a", 10, BinaryCode.ofWords(64, new long[] {rnd.nextLong()}), 1), 10);
            snapshot = h.snapshot(1L, 1L);
        }
        for (IndexRouting same : List.of(new IndexRouting(3, 0), new IndexRouting(3, 4), new IndexRouting(5, 0))) {
            try (var h = unopened(same)) {
                h.initializeState(snapshot);
                h.open();
                EncodedImage next = image("b", 20, BinaryCode.ofWords(64, new long[] {rnd.nextLong()}), 2);
                if (same.radius() == 5) {
                    next = new EncodedImage(next.ref(), next.tenant(), next.id(), next.eventTime(), 0L, "another-model",
                            next.code());
                }
                h.processElement(next, 20);
            }
        }
        for (IndexRouting other : List.of(new IndexRouting(4, 0), new IndexRouting(3, 5))) {
            try (var h = unopened(other)) {
                h.initializeState(snapshot);
                h.open();
                assertThatThrownBy(() -> h.processElement(image("b", 20, BinaryCode.ofWords(64, new long[] {1L}), 2), 20))
                        .hasStackTraceContaining("the restored index of m was built with [buckets, 4 substrings of a 64-bit code]");
            }
        }
    }

    @Test
    void imagesFanOutAtOnceAndAreRemembered() throws Exception {
        try (var h = harness(Long.MAX_VALUE)) {
            EncodedImage img = image("a", 10, TestCodes.random(rnd, 64), 1);
            h.processElement(img, 10);
            assertThat(h.extractOutputValues()).isEqualTo(ROUTING.route(img));
        }
    }

    @Test
    void deleteWaitsForTheWatermarkThenRemovesFromTheImagesOwnBuckets() throws Exception {
        try (var h = harness(Long.MAX_VALUE)) {
            BinaryCode code = TestCodes.random(rnd, 64);
            DeleteRequest delete = new DeleteRequest(new EventRef("images", 0, 2), "acme", "a", 50);
            h.processElement(delete, 50);
            // The image arrives after its delete, but is earlier in event time.
            h.processElement(image("a", 10, code, 1), 10);
            int routed = h.extractOutputValues().size();
            h.processWatermark(new Watermark(49));
            assertThat(h.extractOutputValues()).hasSize(routed);
            h.processWatermark(new Watermark(50));
            List<ShardMessage> deletes = h.extractOutputValues().subList(routed, h.extractOutputValues().size());
            assertThat(deletes).allMatch(m -> m.kind() == ShardMessage.Kind.DELETE && m.probe().eventTime() == 50);
            assertThat(keys(deletes, ShardMessage.Kind.DELETE))
                    .isEqualTo(keys(ROUTING.route(image("a", 10, code, 1)), ShardMessage.Kind.PROBE_INSERT));
            assertThat(h.getSideOutput(DEAD)).isNull();
        }
    }

    @Test
    void deleteOfAnUnknownIdIsADeadLetter() throws Exception {
        try (var h = harness(Long.MAX_VALUE)) {
            h.processElement(new DeleteRequest(new EventRef("images", 2, 77), "acme", "ghost", 5), 5);
            h.processWatermark(new Watermark(100));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(DEAD)).singleElement().satisfies(r -> {
                assertThat(r.getValue().reason()).isEqualTo("delete.unknown_id");
                assertThat(r.getValue().id()).isEqualTo("ghost");
                assertThat(r.getValue().offset()).isEqualTo(77L);
            });
        }
    }

    @Test
    void anIdSentAgainFirstRemovesItsOldCode() throws Exception {
        try (var h = harness(Long.MAX_VALUE)) {
            BinaryCode first = TestCodes.random(rnd, 64);
            BinaryCode second = TestCodes.random(rnd, 64);
            h.processElement(image("a", 10, first, 1), 10);
            List<ShardMessage> out = sentFor(h, image("a", 20, second, 2));
            assertThat(keys(out, ShardMessage.Kind.DELETE))
                    .isEqualTo(keys(ROUTING.route(image("a", 10, first, 1)), ShardMessage.Kind.PROBE_INSERT));
            assertThat(out).filteredOn(m -> m.kind() != ShardMessage.Kind.DELETE)
                    .isEqualTo(ROUTING.route(image("a", 20, second, 2)));
        }
    }

    private interface HarnessStep {
        void run() throws Exception;
    }

    /** The messages the registry sends during {@code step}. */
    private static List<ShardMessage> sentDuring(KeyedOneInputStreamOperatorTestHarness<String, IndexCommand, ShardMessage> h,
            HarnessStep step) throws Exception {
        int before = h.extractOutputValues().size();
        step.run();
        List<ShardMessage> all = h.extractOutputValues();
        return List.copyOf(all.subList(before, all.size()));
    }

    /** The messages the registry sends for {@code image}. */
    private static List<ShardMessage> sentFor(KeyedOneInputStreamOperatorTestHarness<String, IndexCommand, ShardMessage> h,
            EncodedImage image) throws Exception {
        return sentDuring(h, () -> h.processElement(image, image.eventTime()));
    }

    /** What a bucket does with a message; the request key (whose event asked) does not matter there. */
    private static List<String> effects(List<ShardMessage> messages) {
        return messages.stream().map(m -> m.kind() + " " + m.shardKey() + " @" + m.probe().eventTime() + " "
                + m.probe().id() + " " + m.probe().code()).sorted().toList();
    }

    @Test
    void aCopyAtTheSameEventTimeRemovesTheOldCodeAMillisecondLaterAndAnIdenticalCopyNothing() throws Exception {
        try (var h = harness(Long.MAX_VALUE)) {
            BinaryCode first = TestCodes.random(rnd, 64);
            BinaryCode second = TestCodes.random(rnd, 64);
            h.processElement(image("a", 10, first, 1), 10);
            List<ShardMessage> retry = sentFor(h, image("a", 10, first, 2)); // a producer's retry
            assertThat(retry).as("inserts only: the bucket stores an identical copy once")
                    .isEqualTo(ROUTING.route(image("a", 10, first, 2)));
            List<ShardMessage> out = sentFor(h, image("a", 10, second, 3)); // another code at the same time
            // A DELETE at 10 would sort before the first copy's insert and remove nothing; it comes once the
            // watermark passes 10, at 11.
            assertThat(out).isEqualTo(ROUTING.route(image("a", 10, second, 3)));
            List<ShardMessage> atWatermark = watermark(h, 10);
            assertThat(atWatermark).isNotEmpty().allSatisfy(m -> {
                assertThat(m.kind()).isEqualTo(ShardMessage.Kind.DELETE);
                assertThat(m.probe().eventTime()).isEqualTo(11);
                assertThat(m.probe().code()).isEqualTo(first);
            });
            assertThat(keys(atWatermark, ShardMessage.Kind.DELETE))
                    .isEqualTo(keys(ROUTING.route(image("a", 10, first, 1)), ShardMessage.Kind.PROBE_INSERT));
        }
    }

    /** Copies x, y, then x or y again (a producer's retry of either) at one time: the last code stays, the other goes. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void threeCopiesAtOneTimeKeepTheLastCodeAndRemoveTheOther(boolean thirdIsX) throws Exception {
        try (var h = harness(Long.MAX_VALUE)) {
            BinaryCode x = TestCodes.random(rnd, 64);
            BinaryCode y = TestCodes.random(rnd, 64);
            BinaryCode last = thirdIsX ? x : y;
            BinaryCode other = thirdIsX ? y : x;
            h.processElement(image("a", 10, x, 1), 10);
            h.processElement(image("a", 10, y, 2), 10);
            h.processElement(image("a", 10, last, 3), 10);
            List<ShardMessage> atWatermark = watermark(h, 10);
            assertThat(atWatermark).isNotEmpty().allSatisfy(m -> {
                assertThat(m.kind()).isEqualTo(ShardMessage.Kind.DELETE);
                assertThat(m.probe().code()).as("only the other code goes").isEqualTo(other);
            });
            assertThat(registration(h, image("a", 10, last, 3)).code()).isEqualTo(last);
        }
    }

    @Test
    void copiesXYAtOneTimeThenZLaterRemoveBothCopiesCodes() throws Exception {
        try (var h = harness(Long.MAX_VALUE)) {
            BinaryCode x = TestCodes.random(rnd, 64);
            BinaryCode y = TestCodes.random(rnd, 64);
            BinaryCode z = TestCodes.random(rnd, 64);
            h.processElement(image("a", 10, x, 1), 10);
            h.processElement(image("a", 10, y, 2), 10);
            List<ShardMessage> out = sentFor(h, image("a", 15, z, 3)); // before the watermark passes 10
            out = new java.util.ArrayList<>(out);
            out.addAll(watermark(h, 20));
            List<ShardMessage> deletes = out.stream().filter(m -> m.kind() == ShardMessage.Kind.DELETE).toList();
            // x goes a millisecond after its time, as its own timer would have sent it; y when z replaces it
            assertThat(deletes).filteredOn(m -> m.probe().code().equals(x)).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.probe().eventTime()).isEqualTo(11));
            assertThat(deletes).filteredOn(m -> m.probe().code().equals(y)).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.probe().eventTime()).isEqualTo(15));
            // x, replaced by y at the same time, must not outlive z: its buckets get a removal as well as y's
            assertThat(keys(deletes.stream().filter(m -> m.probe().code().equals(x)).toList(), ShardMessage.Kind.DELETE))
                    .isEqualTo(keys(ROUTING.route(image("a", 10, x, 1)), ShardMessage.Kind.PROBE_INSERT));
            assertThat(keys(deletes.stream().filter(m -> m.probe().code().equals(y)).toList(), ShardMessage.Kind.DELETE))
                    .isEqualTo(keys(ROUTING.route(image("a", 10, y, 2)), ShardMessage.Kind.PROBE_INSERT));
            assertThat(deletes).noneMatch(m -> m.probe().code().equals(z));
        }
    }

    /** The messages the registry sends when the watermark reaches {@code time}. */
    private static List<ShardMessage> watermark(KeyedOneInputStreamOperatorTestHarness<String, IndexCommand, ShardMessage> h,
            long time) throws Exception {
        return sentDuring(h, () -> h.processWatermark(new Watermark(time)));
    }

    @Test
    void anIdSentAgainOutOfOrderGivesWhatEventTimeOrderGives() throws Exception {
        BinaryCode older = TestCodes.random(rnd, 64);
        BinaryCode newer = TestCodes.random(rnd, 64);
        List<String> inOrder;
        Registration inOrderRegistration;
        try (var h = harness(Long.MAX_VALUE)) {
            h.processElement(image("a", 10, older, 1), 10);
            h.processElement(image("a", 20, newer, 2), 20);
            inOrder = effects(h.extractOutputValues());
            inOrderRegistration = registration(h, image("a", 20, newer, 2));
        }
        try (var h = harness(Long.MAX_VALUE)) {
            h.processElement(image("a", 20, newer, 2), 20);
            h.processElement(image("a", 10, older, 1), 10);
            // Both indexed, the older removed from its buckets at the newer one's time, the newer kept.
            assertThat(effects(h.extractOutputValues())).isEqualTo(inOrder);
            assertThat(registration(h, image("a", 20, newer, 2))).isEqualTo(inOrderRegistration);
            assertThat(inOrderRegistration.code()).isEqualTo(newer);
        }
    }

    @Test
    void aDeleteBetweenAnImageAndItsReplacementRemovesTheImageWhateverTheArrivalOrder() throws Exception {
        // a@10 indexed, delete a@20, a@30 sent again: the delete removes a@10 at 20, no dead letter.
        BinaryCode first = TestCodes.random(rnd, 64);
        BinaryCode second = TestCodes.random(rnd, 64);
        DeleteRequest delete = new DeleteRequest(new EventRef("images", 0, 2), "acme", "a", 20);
        List<List<IndexCommand>> orders = List.of(
                List.of(image("a", 10, first, 1), delete, image("a", 30, second, 3)),
                List.of(image("a", 10, first, 1), image("a", 30, second, 3), delete),
                List.of(image("a", 30, second, 3), delete, image("a", 10, first, 1)),
                List.of(delete, image("a", 30, second, 3), image("a", 10, first, 1)));
        List<String> expected = null;
        for (List<IndexCommand> order : orders) {
            try (var h = harness(Long.MAX_VALUE)) {
                for (IndexCommand c : order) {
                    h.processElement(c, c instanceof EncodedImage i ? i.eventTime() : ((DeleteRequest) c).eventTime());
                }
                h.processWatermark(new Watermark(100));
                List<ShardMessage> out = h.extractOutputValues();
                // The removal of a@10 at the delete's time reaches every bucket of a@10, whatever else is sent.
                assertThat(out).filteredOn(m -> m.kind() == ShardMessage.Kind.DELETE && m.probe().eventTime() == 20)
                        .extracting(ShardMessage::shardKey).containsExactlyInAnyOrderElementsOf(
                                keys(ROUTING.route(image("a", 10, first, 1)), ShardMessage.Kind.PROBE_INSERT));
                assertThat(h.getSideOutput(DEAD)).as("order %s", order).isNull();
                assertThat(registration(h, image("a", 30, second, 3)).code()).isEqualTo(second);
                List<String> inserts = effects(out.stream().filter(m -> m.kind() != ShardMessage.Kind.DELETE).toList());
                if (expected == null) {
                    expected = inserts;
                }
                assertThat(inserts).isEqualTo(expected);
            }
        }
    }

    @Test
    void aDeleteAtTheImagesOwnEventTimeIsADeadLetterUnlessItCameLate() throws Exception {
        BinaryCode code = TestCodes.random(rnd, 64);
        try (var h = harness(Long.MAX_VALUE)) {
            // In the buckets the delete (time 10, id a) is handled before the image (10, a): nothing to remove.
            h.processElement(image("a", 10, code, 1), 10);
            int routed = h.extractOutputValues().size();
            h.processElement(new DeleteRequest(new EventRef("images", 0, 2), "acme", "a", 10), 10);
            h.processWatermark(new Watermark(10));
            assertThat(h.extractOutputValues()).hasSize(routed);
            assertThat(h.getSideOutput(DEAD)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().reason()).isEqualTo("delete.unknown_id"));
            assertThat(registration(h, image("a", 10, code, 1))).isNotNull();
        }
        try (var h = harness(Long.MAX_VALUE)) {
            // Late (the watermark passed 10): the image is indexed by the time the delete reaches its buckets.
            h.processElement(image("a", 10, code, 1), 10);
            h.processWatermark(new Watermark(15));
            int routed = h.extractOutputValues().size();
            h.processElement(new DeleteRequest(new EventRef("images", 0, 2), "acme", "a", 10), 10);
            h.processWatermark(new Watermark(16));
            assertThat(h.extractOutputValues().subList(routed, h.extractOutputValues().size()))
                    .isNotEmpty().allMatch(m -> m.kind() == ShardMessage.Kind.DELETE);
            assertThat(h.getSideOutput(DEAD)).isNull();
        }
    }

    @Test
    void registrationsShareOneModelIdString() throws Exception {
        try (var h = harness(Long.MAX_VALUE)) {
            // equal ids, distinct instances, as records arrive from the network
            EncodedImage a = new EncodedImage(new EventRef("images", 0, 1), "acme", "a", 10, 0L,
                    new String("model-x".toCharArray()), TestCodes.random(rnd, 64));
            EncodedImage b = new EncodedImage(new EventRef("images", 0, 2), "acme", "b", 11, 0L,
                    new String("model-x".toCharArray()), TestCodes.random(rnd, 64));
            h.processElement(a, 10);
            h.processElement(b, 11);
            assertThat(registration(h, a).modelId()).isSameAs(registration(h, b).modelId());

            DataOutputSerializer out = new DataOutputSerializer(64);
            RegistrationSerializer.INSTANCE.serialize(registration(h, a), out);
            Registration restored = RegistrationSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(restored).isEqualTo(registration(h, a));
            assertThat(restored.modelId()).isSameAs(registration(h, a).modelId());
        }
    }

    private static Registration registration(KeyedOneInputStreamOperatorTestHarness<String, IndexCommand, ShardMessage> h,
            EncodedImage image) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(image.registryKey());
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("registration", RegistrationSerializer.TYPE)).value();
    }

    @Test
    void registrationsExpireWithTheRetention() throws Exception {
        try (var h = harness(100)) {
            h.processElement(image("a", 10, TestCodes.random(rnd, 64), 1), 10);
            h.processWatermark(new Watermark(110));
            assertThat(h.numKeyedStateEntries()).isZero();
            h.processElement(new DeleteRequest(new EventRef("images", 0, 3), "acme", "a", 200), 200);
            h.processWatermark(new Watermark(200));
            assertThat(h.getSideOutput(DEAD)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().reason()).isEqualTo("delete.unknown_id"));
        }
    }
}
