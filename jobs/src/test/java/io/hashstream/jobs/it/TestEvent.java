package io.hashstream.jobs.it;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.RawEventDecoder;
import io.hashstream.jobs.config.InputFormat;

/**
 * One input record of an integration test: an image event (sent as JSON or raw) or, when
 * {@code rawValue} is set, exactly those bytes (malformed input).
 */
record TestEvent(String id, String tenant, long eventTime, byte[] image, byte[] rawValue, int partition) {

    static TestEvent image(String id, String tenant, long eventTime, byte[] image, int partition) {
        return new TestEvent(id, tenant, eventTime, image, null, partition);
    }

    static TestEvent raw(String id, long eventTime, byte[] value, int partition) {
        return new TestEvent(id, "default", eventTime, null, value, partition);
    }

    ProducerRecord<byte[], byte[]> record(String topic, InputFormat format) {
        byte[] key = id == null ? null : id.getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        byte[] value;
        if (rawValue != null) {
            value = rawValue;
        } else if (format == InputFormat.RAW) {
            headers.add(new RecordHeader(RawEventDecoder.HEADER_TENANT, tenant.getBytes(StandardCharsets.UTF_8)));
            headers.add(new RecordHeader(RawEventDecoder.HEADER_EVENT_TIME, Long.toString(eventTime).getBytes(StandardCharsets.UTF_8)));
            value = image;
        } else {
            value = InputEventJson.withDefaults().write(ImageEvent.inline(id, tenant, eventTime, image, Map.of()));
        }
        return new ProducerRecord<>(topic, partition, eventTime, key, value, headers);
    }
}
