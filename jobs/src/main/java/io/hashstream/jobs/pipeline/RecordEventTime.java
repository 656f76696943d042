package io.hashstream.jobs.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hashstream.event.RawEventDecoder;
import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.config.EventTimeLimit;
import io.hashstream.jobs.config.InputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of a raw input record, read in the source so that watermarks are generated per
 * Kafka partition (a subtask that drains one partition's backlog before another's must not make
 * the other's events late). It agrees with the ingest parser on every record the parser accepts:
 * raw mode reads the {@code event-time} header, JSON mode the top-level {@code eventTime} number;
 * both fall back to the record timestamp, as the parser does. An event time the {@link EventTimeLimit}
 * refuses (out of range, or too far ahead of the record timestamp) is replaced by the record timestamp,
 * so a refused record cannot move the watermark where an accepted one could not. Other records the
 * parser refuses (an unknown field beside a valid {@code eventTime}, say) may still give their event
 * time, within that limit; they become dead letters and never reach the index.
 *
 * <p>The JSON scan skips values without decoding them (an inline image is never base64-decoded
 * here) and stops at the field.
 */
public final class RecordEventTime implements SerializableTimestampAssigner<RawRecord> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final InputFormat format;
    private final EventTimeLimit limit;

    public RecordEventTime(InputFormat format, EventTimeLimit limit) {
        this.format = format;
        this.limit = limit;
    }

    @Override
    public long extractTimestamp(RawRecord record, long recordTimestamp) {
        long fallback = record.timestamp();
        // Raw deletes and URI images carry no value but may carry an event-time header, as the parser reads it.
        if (format != InputFormat.RAW && record.value() == null) {
            return fallback;
        }
        long t = format == InputFormat.RAW ? fromHeader(record, fallback) : fromJson(record.value(), fallback);
        return limit.accepts(t, fallback) ? t : fallback;
    }

    private static long fromHeader(RawRecord record, long fallback) {
        return record.lastHeader(RawEventDecoder.HEADER_EVENT_TIME)
                .map(v -> parseDigits(new String(v, StandardCharsets.US_ASCII), fallback))
                .orElse(fallback);
    }

    private static long parseDigits(String s, long fallback) {
        try {
            long t = Long.parseLong(s.trim());
            return t >= 0 ? t : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static long fromJson(byte[] value, long fallback) {
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fallback;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("eventTime".equals(name)) {
                    return v == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0 ? p.getLongValue() : fallback;
                }
                p.skipChildren();
            }
            return fallback;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
