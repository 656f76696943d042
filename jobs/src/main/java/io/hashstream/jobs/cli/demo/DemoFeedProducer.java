package io.hashstream.jobs.cli.demo;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

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
 * Sends the demo feed to the images topic at a steady rate, each event stamped with the wall clock
 * as its event time (also the Kafka record timestamp), keyed by its id.
 */
public final class DemoFeedProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final String tenant;
    private final InputFormat format;
    private final InputEventJson json = InputEventJson.withDefaults();

    public DemoFeedProducer(KafkaClientSettings settings, String topic, String tenant, InputFormat format) {
        Properties p = settings.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.tenant = tenant;
        this.format = format;
    }

    /**
     * Sends every item, {@code perSecond} a second, calling {@code sent} after each acknowledged send.
     * Returns early (false) when interrupted.
     */
    public boolean send(DemoFeed feed, double perSecond, Consumer<DemoFeed.Item> sent) {
        long intervalNanos = (long) (1e9 / perSecond);
        long next = System.nanoTime();
        for (DemoFeed.Item item : feed.items()) {
            long wait = next - System.nanoTime();
            try {
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                producer.send(record(item, System.currentTimeMillis())).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not send " + item.id(), e.getCause());
            }
            sent.accept(item);
            next += intervalNanos;
        }
        producer.flush();
        return true;
    }

    ProducerRecord<byte[], byte[]> record(DemoFeed.Item item, long eventTime) {
        byte[] key = item.id().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        byte[] value;
        if (format == InputFormat.RAW) {
            headers.add(new RecordHeader(RawEventDecoder.HEADER_TENANT, tenant.getBytes(StandardCharsets.UTF_8)));
            headers.add(new RecordHeader(RawEventDecoder.HEADER_EVENT_TIME,
                    Long.toString(eventTime).getBytes(StandardCharsets.UTF_8)));
            value = item.image() != null ? item.image() : item.rawValue();
        } else if (item.image() != null) {
            value = json.write(ImageEvent.inline(item.id(), tenant, eventTime, item.image(), Map.of("demo", item.kind().name().toLowerCase(java.util.Locale.ROOT))));
        } else {
            value = item.rawValue();
        }
        return new ProducerRecord<>(topic, null, eventTime, key, value, headers);
    }

    @Override
    public void close() {
        producer.close();
    }
}
