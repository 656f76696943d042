package io.hashstream.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic as a {@code read_committed} consumer, for assertions on what a job wrote. */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Waits until the topic holds at least {@code atLeast} committed records, then returns every
     * committed record up to the end of each partition (so duplicates beyond the count show up too).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(KafkaClientSettings settings, String topic,
                                                                      int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.readCommittedConsumerProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (true) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() >= atLeast && reachedEnd(consumer, partitions)) {
                    return records;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + ": " + records.size() + " committed records after "
                            + timeout + ", expected at least " + atLeast);
                }
            }
        }
    }

    public static List<String> readValues(KafkaClientSettings settings, String topic, int atLeast, Duration timeout) {
        return readCommitted(settings, topic, atLeast, timeout).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        // With read_committed, endOffsets is the last stable offset: all committed data before it.
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
