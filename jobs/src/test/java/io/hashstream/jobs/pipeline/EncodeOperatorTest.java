package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.event.DeadLetter;
import io.hashstream.image.ModelInput;
import io.hashstream.model.Encoder;
import io.hashstream.model.TfThreads;
import io.hashstream.jobs.serde.DeadLetterSerializer;
import io.hashstream.jobs.serde.IndexCommandSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import io.hashstream.code.BinaryCode;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class EncodeOperatorTest {
    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead-letters", DeadLetterSerializer.TYPE);
    private static final int FLOATS = RandomProjectionEncoder.INPUT.floatsPerImage();

    /** Hands out one encoder and keeps it, so the test can read its call log. */
    private static class Recording implements EncoderFactory {
        private static final long serialVersionUID = 1L;
        transient RandomProjectionEncoder last;

        @Override
        public ModelInput input() {
            return RandomProjectionEncoder.INPUT;
        }

        @Override
        public String modelId() {
            return "rp-99-64";
        }

        @Override
        public int bits() {
            return 64;
        }

        @Override
        public Encoder open(TfThreads threads) {
            last = new RandomProjectionEncoder(99, 64);
            return last;
        }
    }

    /**
     * Wraps the recording encoder: a batch holding an image whose first pixel is negative fails (as a
     * model refusing an input would), and with {@code gate} set every call first waits for it to open.
     * With {@code broken} every call fails (a broken model); {@code passingFaults} calls fail, then the
     * model works again.
     */
    private static final class Guarded implements EncoderFactory {
        private static final long serialVersionUID = 1L;
        final Recording inner = new Recording();
        transient CountDownLatch gate;
        transient volatile boolean broken;
        transient AtomicInteger passingFaults = new AtomicInteger();

        @Override
        public ModelInput input() {
            return inner.input();
        }

        @Override
        public String modelId() {
            return inner.modelId();
        }

        @Override
        public int bits() {
            return inner.bits();
        }

        @Override
        public Encoder open(TfThreads threads) {
            Encoder e = inner.open(threads);
            return new Encoder() {
                @Override
                public String modelId() {
                    return e.modelId();
                }

                @Override
                public int bits() {
                    return e.bits();
                }

                @Override
                public ModelInput input() {
                    return e.input();
                }

                @Override
                public BinaryCode[] encode(float[] batch, int n) {
                    if (gate != null) {
                        try {
                            gate.await();
                        } catch (InterruptedException ex) {
                            throw new IllegalStateException(ex);
                        }
                    }
                    if (broken) {
                        throw new IllegalStateException("the model's session is closed");
                    }
                    if (passingFaults.getAndUpdate(f -> Math.max(0, f - 1)) > 0) {
                        throw new IllegalStateException("out of device memory");
                    }
                    for (int i = 0; i < n; i++) {
                        if (batch[i * FLOATS] < 0) {
                            throw new IllegalArgumentException("poisoned image in the batch");
                        }
                    }
                    return e.encode(batch, n);
                }

                @Override
                public void close() {
                    e.close();
                }
            };
        }
    }

    private final Recording factory = new Recording();
    private final Random rnd = new Random(1);

    private OneInputStreamOperatorTestHarness<Ingested, IndexCommand> harness(int batchSize, long flushMillis)
            throws Exception {
        return harness(new EncodeOperator(factory, batchSize, flushMillis, DEAD));
    }

    private static OneInputStreamOperatorTestHarness<Ingested, IndexCommand> harness(EncodeOperator operator)
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(operator);
        h.setup(IndexCommandSerializer.INSTANCE);
        h.open();
        return h;
    }

    private ImageToEncode image(int i) {
        float[] px = new float[FLOATS];
        for (int k = 0; k < FLOATS; k++) {
            px[k] = rnd.nextFloat();
        }
        return new ImageToEncode(new EventRef("images", 0, i), "t", "img-" + i, 1_000 + i, 0L, px);
    }

    private static List<EncodedImage> encoded(OneInputStreamOperatorTestHarness<Ingested, IndexCommand> h) {
        List<EncodedImage> out = new ArrayList<>();
        for (IndexCommand c : h.extractOutputValues()) {
            if (c instanceof EncodedImage e) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void flushesWhenTheBatchIsFullWithOneModelCallPerBatch() throws Exception {
        try (var h = harness(4, 60_000)) {
            List<ImageToEncode> images = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                images.add(image(i));
                h.processElement(images.get(i), images.get(i).eventTime());
            }
            assertThat(factory.last.calls()).containsExactly(4, 4);
            List<EncodedImage> out = encoded(h);
            assertThat(out).hasSize(8);
            // Batched codes equal the codes of single calls, in input order, with timestamps kept.
            RandomProjectionEncoder reference = new RandomProjectionEncoder(99, 64);
            for (int i = 0; i < 8; i++) {
                assertThat(out.get(i).id()).isEqualTo("img-" + i);
                assertThat(out.get(i).code()).isEqualTo(reference.encode(images.get(i).pixels(), 1)[0]);
                assertThat(out.get(i).modelId()).isEqualTo(reference.modelId());
            }
            assertThat(h.extractOutputStreamRecords()).extracting(StreamRecord::getTimestamp)
                    .containsExactly(1_000L, 1_001L, 1_002L, 1_003L, 1_004L, 1_005L, 1_006L, 1_007L);
        }
    }

    @Test
    void flushesAPartialBatchWhenTheTimerFires() throws Exception {
        try (var h = harness(100, 50)) {
            h.setProcessingTime(0);
            for (int i = 0; i < 3; i++) {
                h.processElement(image(i), 1_000 + i);
            }
            h.setProcessingTime(49);
            assertThat(encoded(h)).isEmpty();
            h.setProcessingTime(50);
            assertThat(encoded(h)).hasSize(3);
            assertThat(factory.last.calls()).containsExactly(3);
            // A new batch gets a new deadline, counted from its first image.
            h.processElement(image(3), 1_003);
            h.setProcessingTime(99);
            assertThat(encoded(h)).hasSize(3);
            h.setProcessingTime(100);
            assertThat(encoded(h)).hasSize(4);
            assertThat(factory.last.calls()).containsExactly(3, 1);
        }
    }

    @Test
    void flushesBeforeTheCheckpointBarrierSoTheSnapshotHoldsNoImages() throws Exception {
        try (var h = harness(100, 60_000)) {
            for (int i = 0; i < 3; i++) {
                h.processElement(image(i), 1_000 + i);
            }
            assertThat(encoded(h)).isEmpty();
            h.prepareSnapshotPreBarrier(1L);
            assertThat(encoded(h)).hasSize(3);
            h.snapshot(1L, 1L);
            h.setProcessingTime(120_000);
            assertThat(factory.last.calls()).as("the old timer does not flush again").containsExactly(3);
        }
    }

    @Test
    void flushesBeforeForwardingAWatermark() throws Exception {
        try (var h = harness(100, 60_000)) {
            h.processElement(image(0), 1_000);
            h.processElement(image(1), 1_001);
            h.processWatermark(new Watermark(1_001));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).hasSize(3);
            assertThat(out.get(2)).isEqualTo(new Watermark(1_001));
        }
    }

    @Test
    void deletesPassStraightThrough() throws Exception {
        try (var h = harness(100, 60_000)) {
            h.processElement(image(0), 1_000);
            DeleteRequest delete = new DeleteRequest(new EventRef("images", 0, 7), "t", "img-0", 2_000);
            h.processElement(delete, 2_000);
            assertThat(h.extractOutputValues()).containsExactly(delete);
        }
    }

    @Test
    void wrongInputShapeIsADeadLetterNotAFailure() throws Exception {
        try (var h = harness(2, 60_000)) {
            h.processElement(new ImageToEncode(new EventRef("images", 3, 42), "t", "odd", 5, 0L, new float[7]), 5);
            h.processElement(image(1), 1_001);
            h.processElement(image(2), 1_002);
            assertThat(encoded(h)).hasSize(2);
            assertThat(h.getSideOutput(DEAD)).singleElement().satisfies(r -> {
                assertThat(r.getValue().reason()).isEqualTo("model.input_mismatch");
                assertThat(r.getValue().id()).isEqualTo("odd");
                assertThat(r.getValue().partition()).isEqualTo(3);
                assertThat(r.getValue().offset()).isEqualTo(42L);
            });
        }
    }

    @Test
    void withOverlapTheTaskGoesOnWhileTheModelEncodesAndTheWatermarkWaitsForTheBatch() throws Exception {
        Guarded guarded = new Guarded();
        guarded.gate = new CountDownLatch(1);
        try (var h = harness(new EncodeOperator(guarded, 4, 60_000, true, DEAD))) {
            for (int i = 0; i < 6; i++) {
                h.processElement(image(i), 1_000 + i); // returns although the model call for 0-3 is held
            }
            assertThat(encoded(h)).isEmpty();
            guarded.gate.countDown();
            h.processWatermark(new Watermark(1_005));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).hasSize(7);
            assertThat(out.get(6)).isEqualTo(new Watermark(1_005));
            assertThat(encoded(h)).extracting(EncodedImage::id)
                    .containsExactly("img-0", "img-1", "img-2", "img-3", "img-4", "img-5");
            assertThat(guarded.inner.last.calls()).containsExactly(4, 2);
        }
    }

    @Test
    void withOverlapABatchInFlightIsEmittedBeforeTheNextAndWithinTheFlushDelay() throws Exception {
        try (var h = harness(new EncodeOperator(factory, 4, 50, true, DEAD))) {
            h.setProcessingTime(0);
            for (int i = 0; i < 4; i++) {
                h.processElement(image(i), 1_000 + i);
            }
            h.setProcessingTime(49);
            assertThat(encoded(h)).as("the full batch is in flight").isEmpty();
            h.setProcessingTime(50);
            assertThat(encoded(h)).hasSize(4);
            for (int i = 4; i < 12; i++) {
                h.processElement(image(i), 1_000 + i);
            }
            assertThat(encoded(h)).as("batch 4-7 emitted when 8-11 went to the model").hasSize(8);
            h.prepareSnapshotPreBarrier(1L);
            assertThat(encoded(h)).as("nothing in flight at the barrier").hasSize(12);
            assertThat(factory.last.calls()).containsExactly(4, 4, 4);
            assertThat(h.extractOutputStreamRecords()).extracting(StreamRecord::getTimestamp)
                    .isSorted().hasSize(12);
        }
    }

    @Test
    void withOrWithoutOverlapTheSameInputGivesTheSameOutput() throws Exception {
        Random script = new Random(7);
        List<Object> expected = null;
        for (boolean overlap : new boolean[] {false, true}) {
            rnd.setSeed(1);
            script.setSeed(7);
            try (var h = harness(new EncodeOperator(new Recording(), 5, 30, overlap, DEAD))) {
                long time = 0;
                long wm = 0;
                for (int i = 0; i < 300; i++) {
                    int action = script.nextInt(20);
                    if (action == 0) {
                        h.processWatermark(new Watermark(++wm + 1_000 + i));
                    } else if (action == 1) {
                        time += script.nextInt(40);
                        h.setProcessingTime(time);
                    } else if (action == 2) {
                        h.prepareSnapshotPreBarrier(i);
                    } else {
                        h.processElement(image(i), 2_000 + i);
                    }
                }
                h.endInput();
                List<Object> out = new ArrayList<>(h.getOutput());
                if (expected == null) {
                    expected = out;
                } else {
                    assertThat(out).isEqualTo(expected);
                }
            }
        }
        assertThat(expected).hasSizeGreaterThan(250);
    }

    @Test
    void aFailingBatchIsRetriedImageByImageWithOrWithoutOverlap() throws Exception {
        for (boolean overlap : new boolean[] {false, true}) {
            Guarded guarded = new Guarded();
            try (var h = harness(new EncodeOperator(guarded, 3, 60_000, overlap, DEAD))) {
                ImageToEncode poisoned = image(1);
                poisoned.pixels()[0] = -1f;
                h.processElement(image(0), 1_000);
                h.processElement(poisoned, 1_001);
                h.processElement(image(2), 1_002);
                h.processWatermark(new Watermark(1_002));
                assertThat(encoded(h)).extracting(EncodedImage::id).containsExactly("img-0", "img-2");
                assertThat(h.getSideOutput(DEAD)).singleElement()
                        .satisfies(r -> assertThat(r.getValue().reason()).isEqualTo("model.encode_failed"));
            }
        }
    }

    @Test
    void aModelThatBreaksFailsTheTaskBeforeAnyDeadLetter() throws Exception {
        for (boolean overlap : new boolean[] {false, true}) {
            Guarded guarded = new Guarded();
            var h = harness(new EncodeOperator(guarded, 2, 60_000, overlap, DEAD));
            try {
                h.processElement(image(0), 1_000);
                h.processElement(image(1), 1_001);
                h.processWatermark(new Watermark(1_001));
                assertThat(encoded(h)).hasSize(2);
                guarded.broken = true;
                assertThatThrownBy(() -> {
                    for (int i = 2; i < 10; i++) {
                        h.processElement(image(i), 1_000 + i);
                    }
                    h.processWatermark(new Watermark(Long.MAX_VALUE));
                }).as("overlap " + overlap).hasMessageContaining("and on a blank input: the model is broken, not the input")
                        .hasRootCauseMessage("the model's session is closed");
                // Nothing to take back when the job restarts and replays these images.
                assertThat(h.getSideOutput(DEAD)).as("overlap " + overlap).isNullOrEmpty();
            } finally {
                h.getOperator().close(); // as a failed task does: close without finish
            }
        }
    }

    @Test
    void aPassingModelFaultIsRetriedNotDeadLettered() throws Exception {
        for (boolean overlap : new boolean[] {false, true}) {
            Guarded guarded = new Guarded();
            try (var h = harness(new EncodeOperator(guarded, 2, 60_000, overlap, DEAD))) {
                guarded.passingFaults.set(2); // the batch, then its first image alone
                h.processElement(image(0), 1_000);
                h.processElement(image(1), 1_001);
                h.processWatermark(new Watermark(1_001));
                assertThat(encoded(h)).as("overlap " + overlap).extracting(EncodedImage::id).containsExactly("img-0", "img-1");
                assertThat(h.getSideOutput(DEAD)).isNullOrEmpty();
            }
        }
    }

    @Test
    void imagesTheModelRefusesBetweenOthersItEncodesNeverFailTheTask() throws Exception {
        for (boolean overlap : new boolean[] {false, true}) {
            try (var h = harness(new EncodeOperator(new Guarded(), 1, 60_000, overlap, DEAD))) {
                int n = 64;
                for (int i = 0; i < n; i++) {
                    ImageToEncode image = image(i);
                    if (i % 4 != 0) {
                        image.pixels()[0] = -1f; // three refused, then one encoded, again and again
                    }
                    h.processElement(image, 1_000 + i);
                }
                h.processWatermark(new Watermark(Long.MAX_VALUE));
                assertThat(encoded(h)).as("overlap " + overlap).hasSize(n / 4);
                assertThat(h.getSideOutput(DEAD)).hasSize(3 * n / 4);
            }
        }
    }

    /** A batch of two in flight with overlap, its model call held until 200 ms from now. */
    private OneInputStreamOperatorTestHarness<Ingested, IndexCommand> batchHeldFor200Ms(Guarded guarded) throws Exception {
        guarded.gate = new CountDownLatch(1);
        var h = harness(new EncodeOperator(guarded, 2, 60_000, true, DEAD));
        h.processElement(image(0), 1_000);
        h.processElement(image(1), 1_001);
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            guarded.gate.countDown();
        });
        opener.start();
        return h;
    }

    @Test
    void withOverlapClosingWaitsForTheModelCallBeforeClosingTheEncoder() throws Exception {
        Guarded guarded = new Guarded();
        // The harness's close() runs finish() first, which waits for the batch anyway: close the operator alone.
        batchHeldFor200Ms(guarded).getOperator().close();
        assertThat(guarded.inner.last.calls()).as("the held call ran to its end, on an open encoder").containsExactly(2);
        assertThat(guarded.inner.last.isClosed()).isTrue();
    }

    @Test
    void withOverlapClosingWaitsForTheModelCallEvenWhenInterrupted() throws Exception {
        // Flink interrupts the task thread on cancel; closing the encoder under a running call would leave
        // TF-Java's session unfreed.
        Guarded guarded = new Guarded();
        var h = batchHeldFor200Ms(guarded);
        Thread.currentThread().interrupt();
        h.getOperator().close(); // as a cancelled task does: close without finish
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        assertThat(guarded.inner.last.calls()).as("the held call ran to its end, on an open encoder").containsExactly(2);
        assertThat(guarded.inner.last.isClosed()).isTrue();
    }

    @Test
    void aModelOtherThanTheOneTheJobWasBuiltWithFailsTheTask() {
        Recording replaced = new Recording() {
            @Override
            public String modelId() {
                return "the-model-at-build-time";
            }
        };
        assertThatThrownBy(() -> harness(new EncodeOperator(replaced, 2, 60_000, DEAD)))
                .hasMessageContaining("the model changed after the job was built");
    }

    @Test
    void closesTheEncoder() throws Exception {
        var h = harness(2, 60_000);
        h.close();
        assertThat(factory.last.isClosed()).isTrue();
    }
}
