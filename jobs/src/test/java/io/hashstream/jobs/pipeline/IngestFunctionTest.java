package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.DeleteEvent;
import io.hashstream.event.EventLimits;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.RawEventDecoder;
import io.hashstream.fetch.UriLoaderConfig;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.JpegDecode;
import io.hashstream.image.SafeImageDecoder;
import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.serde.DeadLetterSerializer;
import io.hashstream.jobs.serde.IngestedSerializer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class IngestFunctionTest {
    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead-letters", DeadLetterSerializer.TYPE);
    private static final InputEventJson JSON = InputEventJson.withDefaults();

    private static OneInputStreamOperatorTestHarness<RawRecord, Ingested> harness(InputFormat format, Map<String, String> uri)
            throws Exception {
        return harness(format, JpegDecode.EXACT, uri);
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Ingested> harness(InputFormat format,
            JpegDecode jpegDecode, Map<String, String> uri) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new IngestFunction(
                format, new RandomProjectionEncoder.Factory(1, 64), EventLimits.defaults(), JobConfig.defaults().eventTimeLimit(), jpegDecode, uri, DEAD)));
        h.setup(IngestedSerializer.INSTANCE);
        h.open();
        return h;
    }

    private static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 20; x++) {
            img.setRGB(x, x / 2, 0xFF8800);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static RawRecord json(long offset, byte[] value) {
        return new RawRecord("images", 1, offset, null, value, List.of(), 99L);
    }

    private static List<String> reasons(OneInputStreamOperatorTestHarness<RawRecord, Ingested> h) {
        var dead = h.getSideOutput(DEAD);
        return dead == null ? List.of() : dead.stream().map(StreamRecord::getValue).map(DeadLetter::reason).toList();
    }

    @Test
    void jsonImageBecomesTheModelInputOfTheSharedPipeline() throws Exception {
        byte[] png = png();
        try (var h = harness(InputFormat.JSON, Map.of())) {
            h.processElement(json(5, JSON.write(ImageEvent.inline("a", "acme", 1234, png, Map.of()))), 99);
            assertThat(h.extractOutputValues()).singleElement().isInstanceOfSatisfying(ImageToEncode.class, i -> {
                assertThat(i.id()).isEqualTo("a");
                assertThat(i.tenant()).isEqualTo("acme");
                assertThat(i.eventTime()).isEqualTo(1234);
                assertThat(i.ref()).isEqualTo(new EventRef("images", 1, 5));
                try {
                    assertThat(i.pixels()).isEqualTo(new ImagePipeline(RandomProjectionEncoder.INPUT).toModelInput(png));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void anEventTimeTooFarAheadOfItsRecordIsADeadLetterAsTheSourceSeesIt() throws Exception {
        byte[] png = png();
        long hour = 3_600_000L;
        try (var h = harness(InputFormat.JSON, Map.of())) {
            // json(...) records carry the timestamp 99: an hour ahead of it is accepted, a millisecond more is not
            h.processElement(json(1, JSON.write(ImageEvent.inline("ok", "acme", 99 + hour, png, Map.of()))), 99);
            h.processElement(json(2, JSON.write(ImageEvent.inline("ahead", "acme", 99 + hour + 1, png, Map.of()))), 99);
            h.processElement(json(3, JSON.write(new DeleteEvent("gone", "acme", 99 + 10 * hour))), 99);
            assertThat(h.extractOutputValues()).singleElement().isInstanceOfSatisfying(ImageToEncode.class,
                    i -> assertThat(i.id()).isEqualTo("ok"));
            assertThat(reasons(h)).containsExactly("event.bad_event_time", "event.bad_event_time");
            DeadLetter ahead = h.getSideOutput(DEAD).stream().toList().get(0).getValue();
            assertThat(ahead.id()).isEqualTo("ahead");
            assertThat(ahead.message()).contains("ahead of the record's timestamp 99").contains("event-time-max-ahead-ms");
        }
        RecordEventTime source = new RecordEventTime(InputFormat.JSON, JobConfig.defaults().eventTimeLimit());
        assertThat(source.extractTimestamp(json(2, JSON.write(ImageEvent.inline("ahead", "acme", 99 + hour + 1, png,
                Map.of()))), -1)).isEqualTo(99L);
    }

    @Test
    void dctScaledJpegDecodingReachesThePipeline() throws Exception {
        assumeTrue(SafeImageDecoder.nativeJpegAvailable(), "libjpeg-turbo binding not loaded");
        BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24) & 0x3F3F3F | (x * 3 / 4) << 16 | y << 8);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", jpeg);
        byte[] bytes = jpeg.toByteArray();
        float[] exact = new ImagePipeline(RandomProjectionEncoder.INPUT).toModelInput(bytes);
        float[] scaled = new ImagePipeline(RandomProjectionEncoder.INPUT, JpegDecode.DCT_SCALED).toModelInput(bytes);
        assertThat(scaled).isNotEqualTo(exact);
        try (var h = harness(InputFormat.JSON, JpegDecode.DCT_SCALED, Map.of())) {
            h.processElement(json(1, JSON.write(ImageEvent.inline("j", "acme", 1, bytes, Map.of()))), 1);
            assertThat(h.extractOutputValues()).singleElement().isInstanceOfSatisfying(ImageToEncode.class,
                    i -> assertThat(i.pixels()).isEqualTo(scaled));
        }
    }

    @Test
    void rawModeReadsKeyAndHeadersIncludingDeletes() throws Exception {
        byte[] id = "raw-1".getBytes(StandardCharsets.UTF_8);
        try (var h = harness(InputFormat.RAW, Map.of())) {
            h.processElement(new RawRecord("images", 0, 1, id, png(), List.of(
                    new RawRecord.Header(RawEventDecoder.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8)),
                    new RawRecord.Header(RawEventDecoder.HEADER_EVENT_TIME, "777".getBytes(StandardCharsets.UTF_8))),
                    5L), 5L);
            h.processElement(new RawRecord("images", 0, 2, id, null, List.of(
                    new RawRecord.Header(RawEventDecoder.HEADER_TYPE, "delete".getBytes(StandardCharsets.UTF_8))),
                    900L), 900L);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.extractOutputValues().get(0)).isInstanceOfSatisfying(ImageToEncode.class, i -> {
                assertThat(i.tenant()).isEqualTo("acme");
                assertThat(i.eventTime()).isEqualTo(777);
            });
            assertThat(h.extractOutputValues().get(1))
                    .isEqualTo(new DeleteRequest(new EventRef("images", 0, 2), "default", "raw-1", 900L));
        }
    }

    @Test
    void everyRejectionIsOneDeadLetterWithItsReason(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.png");
        Files.write(file, png());
        try (var h = harness(InputFormat.JSON, Map.of())) {
            h.processElement(json(1, "{oops".getBytes(StandardCharsets.UTF_8)), 1);
            h.processElement(json(2, null), 1);
            h.processElement(json(3, JSON.write(ImageEvent.inline("x", "acme", 1, new byte[] {1, 2, 3}, Map.of()))), 1);
            h.processElement(json(4, JSON.write(ImageEvent.ofUri("u", "acme", 1, file.toUri().toString(), Map.of()))), 1);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(reasons(h)).hasSize(4);
            assertThat(reasons(h).get(0)).isEqualTo("event.invalid_json");
            assertThat(reasons(h).get(1)).isEqualTo("event.empty");
            assertThat(reasons(h).get(2)).startsWith("image.");
            assertThat(reasons(h).get(3)).isEqualTo("uri.disallowed_scheme");
            DeadLetter third = h.getSideOutput(DEAD).stream().toList().get(2).getValue();
            assertThat(third.id()).isEqualTo("x");
            assertThat(third.offset()).isEqualTo(3L);
        }
    }

    @Test
    void allowedFileUrisAreLoaded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.png");
        Files.write(file, png());
        Map<String, String> uri = Map.of(UriLoaderConfig.SCHEMES, "file", UriLoaderConfig.ROOTS, dir.toString());
        try (var h = harness(InputFormat.JSON, uri)) {
            h.processElement(json(1, JSON.write(ImageEvent.ofUri("u", "acme", 1, file.toUri().toString(), Map.of()))), 1);
            assertThat(reasons(h)).isEmpty();
            assertThat(h.extractOutputValues()).singleElement().isInstanceOf(ImageToEncode.class);
        }
    }
}
