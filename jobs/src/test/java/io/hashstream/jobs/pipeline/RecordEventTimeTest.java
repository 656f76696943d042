package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.jobs.RawRecord;
import io.hashstream.event.EventFields;
import io.hashstream.jobs.config.EventTimeLimit;
import io.hashstream.jobs.config.InputFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordEventTimeTest {
    private static final long RECORD_TS = 5_000L;
    private static final EventTimeLimit LIMIT = new EventTimeLimit(3_600_000L);

    private static RawRecord json(String body) {
        return new RawRecord("images", 0, 1, null, body.getBytes(StandardCharsets.UTF_8), List.of(), RECORD_TS);
    }

    @Test
    void jsonEventTimeMatchesWhatTheParserAccepts() throws Exception {
        InputEventJson parser = new InputEventJson(io.hashstream.event.EventLimits.defaults());
        RecordEventTime times = new RecordEventTime(InputFormat.JSON, LIMIT);
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] image = new byte[random.nextInt(2000)];
            random.nextBytes(image);
            long t = random.nextInt(1_000_000);
            // the image field before and after eventTime, attributes with nested-looking text
            String body = i % 2 == 0
                    ? "{\"id\":\"e" + i + "\",\"image\":\"" + Base64.getEncoder().encodeToString(image)
                            + "\",\"attributes\":{\"eventTime\":\"x\"},\"eventTime\":" + t + "}"
                    : "{\"eventTime\":" + t + ",\"id\":\"e" + i + "\",\"image\":\""
                            + Base64.getEncoder().encodeToString(image) + "\"}";
            RawRecord r = json(body);
            if (image.length > 0) {
                ImageEvent parsed = (ImageEvent) parser.parse(r.value(), RECORD_TS);
                assertThat(times.extractTimestamp(r, -1)).isEqualTo(parsed.eventTime()).isEqualTo(t);
            }
        }
    }

    @Test
    void absentOrBrokenEventTimeFallsBackToTheRecordTimestamp() {
        RecordEventTime times = new RecordEventTime(InputFormat.JSON, LIMIT);
        assertThat(times.extractTimestamp(json("{\"id\":\"a\",\"uri\":\"file:/x\"}"), -1)).isEqualTo(RECORD_TS);
        assertThat(times.extractTimestamp(json("{\"id\":\"a\",\"eventTime\":\"soon\"}"), -1)).isEqualTo(RECORD_TS);
        assertThat(times.extractTimestamp(json("{\"id\":\"a\",\"eventTime\":-4}"), -1)).isEqualTo(RECORD_TS);
        assertThat(times.extractTimestamp(json("not json"), -1)).isEqualTo(RECORD_TS);
        assertThat(times.extractTimestamp(json("{\"id\":"), -1)).isEqualTo(RECORD_TS);
        assertThat(times.extractTimestamp(
                new RawRecord("images", 0, 1, null, null, List.of(), RECORD_TS), -1)).isEqualTo(RECORD_TS);
    }

    @Test
    void eventTimesOutOfRangeOrTooFarAheadOfTheRecordFallBackToTheRecordTimestamp() {
        // One such record would otherwise carry the watermark ahead and stall every later answer.
        RecordEventTime times = new RecordEventTime(InputFormat.JSON, LIMIT);
        assertThat(times.extractTimestamp(json("{\"id\":\"a\",\"eventTime\":" + Long.MAX_VALUE + "}"), -1))
                .isEqualTo(RECORD_TS);
        assertThat(times.extractTimestamp(json("{\"id\":\"a\",\"eventTime\":" + EventFields.MAX_EVENT_TIME + "}"), -1))
                .isEqualTo(RECORD_TS);
        long edge = RECORD_TS + 3_600_000L;
        assertThat(times.extractTimestamp(json("{\"id\":\"a\",\"eventTime\":" + edge + "}"), -1)).isEqualTo(edge);
        assertThat(times.extractTimestamp(json("{\"id\":\"a\",\"eventTime\":" + (edge + 1) + "}"), -1))
                .isEqualTo(RECORD_TS);
        RecordEventTime raw = new RecordEventTime(InputFormat.RAW, LIMIT);
        RawRecord ahead = new RawRecord("images", 0, 1, "k".getBytes(StandardCharsets.UTF_8), new byte[] {1},
                List.of(new RawRecord.Header("event-time", "99999999999999999".getBytes(StandardCharsets.US_ASCII))),
                RECORD_TS);
        assertThat(raw.extractTimestamp(ahead, -1)).isEqualTo(RECORD_TS);
    }

    @Test
    void rawModeReadsTheEventTimeHeader() {
        RecordEventTime times = new RecordEventTime(InputFormat.RAW, LIMIT);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        RawRecord withHeader = new RawRecord("images", 0, 1, "k".getBytes(StandardCharsets.UTF_8), png,
                List.of(new RawRecord.Header("event-time", "1234".getBytes(StandardCharsets.US_ASCII))), RECORD_TS);
        RawRecord without = new RawRecord("images", 0, 1, "k".getBytes(StandardCharsets.UTF_8), png, List.of(), RECORD_TS);
        assertThat(times.extractTimestamp(withHeader, -1)).isEqualTo(1234L);
        assertThat(times.extractTimestamp(without, -1)).isEqualTo(RECORD_TS);
    }

    @Test
    void rawRecordsWithoutAValueUseTheirEventTimeHeaderAsTheParserDoes() throws Exception {
        // A raw delete (or a URI image) has no value; the parser still takes its event-time header.
        RecordEventTime times = new RecordEventTime(InputFormat.RAW, LIMIT);
        List<RawRecord.Header> headers = List.of(new RawRecord.Header("type", "delete".getBytes(StandardCharsets.US_ASCII)),
                new RawRecord.Header("event-time", "1234".getBytes(StandardCharsets.US_ASCII)));
        RawRecord delete = new RawRecord("images", 0, 1, "img-1".getBytes(StandardCharsets.UTF_8), null, headers, RECORD_TS);
        io.hashstream.event.InputEvent parsed = io.hashstream.event.RawEventDecoder.withDefaults().decode(delete.key(), null,
                name -> headers.stream().filter(h -> h.name().equals(name)).reduce((a, b) -> b).map(RawRecord.Header::value)
                        .orElse(null), RECORD_TS);
        assertThat(parsed).isInstanceOf(io.hashstream.event.DeleteEvent.class);
        assertThat(times.extractTimestamp(delete, -1)).isEqualTo(parsed.eventTime()).isEqualTo(1234L);
    }
}
