package io.hashstream.jobs.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.hashstream.event.DeadLetterJson;
import io.hashstream.event.MatchResultJson;
import io.hashstream.jobs.kafka.KafkaClientSettings;

/**
 * Reads the results and dead-letter topics as a {@code read_committed} consumer (what the job has
 * committed, exactly once) on its own thread and hands every record to the scoreboard.
 */
public final class OutputFollower implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String resultsTopic;
    private final DemoScoreboard scoreboard;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    public OutputFollower(KafkaClientSettings settings, String resultsTopic, String deadLettersTopic, DemoScoreboard scoreboard) {
        if (resultsTopic.equals(deadLettersTopic)) {
            throw new IllegalArgumentException("the demo tells results from dead letters by their topic: give them two"
                    + " topics, not both " + resultsTopic);
        }
        this.consumer = new KafkaConsumer<>(settings.readCommittedConsumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.resultsTopic = resultsTopic;
        this.scoreboard = scoreboard;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(resultsTopic, deadLettersTopic)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::follow, "demo-output-follower");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(resultsTopic)) {
                        scoreboard.result(MatchResultJson.parse(r.value()));
                    } else {
                        scoreboard.deadLetter(DeadLetterJson.parse(r.value()));
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** The error that stopped the follower, if any. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
