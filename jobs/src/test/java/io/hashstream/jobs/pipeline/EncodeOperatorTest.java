package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.event.DeadLetter;
import io.hashstream.image.ModelInput;
import io.hashstream.model.Encoder;
import io.hashstream.model.TfThreads;
import io.hashstream.jobs.serde.DeadLetterSerializer;
import io.hashstream.jobs.serde.IndexCommandSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    private static final class Recording implements EncoderFactory {
        private static final long serialVersionUID = 1L;
        transient RandomProjectionEncoder last;

        @Override
        public ModelInput input() {
            return RandomProjectionEncoder.INPUT;
        }

        @Override
        public Encoder open(TfThreads threads) {
            last = new RandomProjectionEncoder(99, 64);
            return last;
        }
    }

    private final Recording factory = new Recording();
    private final Random rnd = new Random(1);

    private OneInputStreamOperatorTestHarness<Ingested, IndexCommand> harness(int batchSize, long flushMillis)
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new EncodeOperator(factory, batchSize, flushMillis, DEAD));
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
    void closesTheEncoder() throws Exception {
        var h = harness(2, 60_000);
        h.close();
        assertThat(factory.last.isClosed()).isTrue();
    }
}
