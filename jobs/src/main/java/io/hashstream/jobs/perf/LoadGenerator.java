package io.hashstream.jobs.perf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.RawEventDecoder;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.kafka.KafkaClientSettings;

/**
 * Sends image events {@code e0, e1, ...} to the images topic, either at a fixed rate or as fast as the
 * producer goes, and notes each event's creation time ({@link System#nanoTime()}) in
 * {@link #createdNanos()}. At a fixed rate an event's creation time is its scheduled time, not the
 * moment the send happened, so a stalled producer shows up as latency instead of hiding it.
 */
final class LoadGenerator implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final InputFormat format;
    private final List<byte[]> images;
    private final long[] createdNanos;
    private final InputEventJson json = InputEventJson.withDefaults();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final byte[][] tenants;

    /** Event {@code seq} belongs to tenant {@code t<seq % tenantCount>}; matches are only sought within a tenant. */
    LoadGenerator(KafkaClientSettings settings, String topic, InputFormat format, List<byte[]> images, int totalEvents,
                  int tenantCount) {
        Properties p = settings.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "perf-load");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.format = format;
        this.images = images;
        this.createdNanos = new long[totalEvents];
        this.tenants = new byte[tenantCount][];
        for (int t = 0; t < tenantCount; t++) {
            tenants[t] = ("t" + t).getBytes(StandardCharsets.UTF_8);
        }
    }

    long[] createdNanos() {
        return createdNanos;
    }

    /**
     * Sends events {@code from} (inclusive) to {@code to} (exclusive). {@code perSecond <= 0}: as fast
     * as possible. Returns the send rate achieved (events/s).
     */
    double send(int from, int to, double perSecond) {
        long start = System.nanoTime();
        long interval = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
        for (int seq = from; seq < to; seq++) {
            long created;
            if (interval > 0) {
                created = start + (seq - from) * interval;
                long wait;
                while ((wait = created - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            } else {
                created = System.nanoTime();
            }
            createdNanos[seq] = created;
            producer.send(record(seq, System.currentTimeMillis()), (meta, e) -> {
                if (e != null) {
                    sendFailure.compareAndSet(null, e);
                }
            });
            if (sendFailure.get() != null) {
                throw new IllegalStateException("send failed", sendFailure.get());
            }
        }
        producer.flush();
        return (to - from) / ((System.nanoTime() - start) / 1e9);
    }

    private ProducerRecord<byte[], byte[]> record(int seq, long eventTime) {
        String id = "e" + seq;
        byte[] image = images.get(seq % images.size());
        RecordHeaders headers = new RecordHeaders();
        byte[] value;
        if (format == InputFormat.RAW) {
            headers.add(new RecordHeader(RawEventDecoder.HEADER_TENANT, tenants[seq % tenants.length]));
            headers.add(new RecordHeader(RawEventDecoder.HEADER_EVENT_TIME, Long.toString(eventTime).getBytes(StandardCharsets.UTF_8)));
            value = image;
        } else {
            value = json.write(ImageEvent.inline(id, new String(tenants[seq % tenants.length], StandardCharsets.UTF_8), eventTime,
                    image, Map.of()));
        }
        return new ProducerRecord<>(topic, null, eventTime, id.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    @Override
    public void close() {
        producer.close();
    }
}
