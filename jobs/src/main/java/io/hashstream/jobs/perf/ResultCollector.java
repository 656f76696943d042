package io.hashstream.jobs.perf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.hashstream.jobs.kafka.KafkaClientSettings;

/**
 * Reads the results and dead-letter topics as a {@code read_committed} consumer on its own thread and
 * notes, for every event id {@code e<seq>}, when its first output arrived ({@link System#nanoTime()};
 * 0 = not yet). Output is keyed by event id, so only the key is read.
 */
final class ResultCollector implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String resultsTopic;
    private final AtomicLongArray arrivedNanos;
    private final AtomicInteger results = new AtomicInteger();
    private final AtomicInteger deadLetters = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    ResultCollector(KafkaClientSettings settings, String resultsTopic, String deadLettersTopic, int totalEvents) {
        if (resultsTopic.equals(deadLettersTopic)) {
            throw new IllegalArgumentException("the harness tells results from dead letters by their topic: give them"
                    + " two topics, not both " + resultsTopic);
        }
        this.consumer = new KafkaConsumer<>(settings.readCommittedConsumerProperties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.resultsTopic = resultsTopic;
        this.arrivedNanos = new AtomicLongArray(totalEvents);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(resultsTopic, deadLettersTopic)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::follow, "perf-result-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (running) {
                var batch = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    (r.topic().equals(resultsTopic) ? results : deadLetters).incrementAndGet();
                    int seq = seqOf(r.key());
                    if (seq < 0 || seq >= arrivedNanos.length()) {
                        continue;
                    }
                    if (!arrivedNanos.compareAndSet(seq, 0, now)) {
                        duplicates.incrementAndGet();
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    private static int seqOf(byte[] key) {
        if (key == null || key.length < 2 || key[0] != 'e') {
            return -1;
        }
        try {
            return Integer.parseInt(new String(key, 1, key.length - 1, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Waits until events {@code [from, to)} all have an output, or {@code timeout} passes. */
    boolean awaitAll(int from, int to, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (System.nanoTime() < deadline) {
            if (failure != null) {
                throw failure;
            }
            while (next < to && arrivedNanos.get(next) != 0) {
                next++;
            }
            if (next == to) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Arrival times (0 = none) of events {@code [from, to)}; a copy. */
    long[] arrivedNanos(int from, int to) {
        long[] copy = new long[to - from];
        for (int i = from; i < to; i++) {
            copy[i - from] = arrivedNanos.get(i);
        }
        return copy;
    }

    int results() {
        return results.get();
    }

    int deadLetters() {
        return deadLetters.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
