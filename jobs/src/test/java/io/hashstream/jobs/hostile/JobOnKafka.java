package io.hashstream.jobs.hostile;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.DeadLetterJson;
import io.hashstream.event.MatchResult;
import io.hashstream.event.MatchResultJson;
import io.hashstream.jobs.NearDuplicateJob;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaSinks;
import io.hashstream.jobs.kafka.KafkaSources;
import io.hashstream.jobs.pipeline.EncoderFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The real near-duplicate job wired to Kafka (source up to the latest offsets, exactly-once result and
 * dead-letter sinks) and run on the test's MiniCluster with restarts switched off: any exception an
 * input provokes fails the run instead of being retried, so a run that completes had no restart.
 */
final class JobOnKafka {
    private JobOnKafka() {
    }

    static JobExecutionResult run(JobConfig config, KafkaClientSettings kafka, EncoderFactory encoders,
            String name) throws Exception {
        Configuration flink = config.toFlinkConfiguration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        KafkaSinks.Delivery delivery = KafkaSinks.Delivery.exactlyOnce("hostile-" + name);
        NearDuplicateJob job = new NearDuplicateJob(config, encoders,
                KafkaJob.source(config, kafka, "hostile-" + name, KafkaSources.Bounds.UP_TO_LATEST),
                KafkaJob.resultSink(config, kafka, delivery), KafkaJob.deadLetterSink(config, kafka, delivery));
        return job.execute(env);
    }

    /**
     * Everything the job committed to the results topic, read as consumers of the job read it
     * ({@code read_committed}): after a bounded run the final checkpoint commits the sinks' last
     * transactions, so an open transaction would show up here as missing records.
     */
    static List<MatchResult> results(KafkaClientSettings kafka, JobConfig config) {
        return readAll(kafka, config.resultsTopic()).stream().map(MatchResultJson::parse).toList();
    }

    static List<DeadLetter> deadLetters(KafkaClientSettings kafka, JobConfig config) {
        return readAll(kafka, config.deadLettersTopic()).stream().map(DeadLetterJson::parse).toList();
    }

    private static List<byte[]> readAll(KafkaClientSettings kafka, String topic) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<byte[]> values = new ArrayList<>();
            // Until three polls in a row bring nothing new and every partition is read to its end.
            int quiet = 0;
            while (quiet < 3) {
                int before = values.size();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(1000))) {
                    if (r.value() != null) {
                        values.add(r.value());
                    }
                }
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                boolean atEnd = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                quiet = values.size() == before && atEnd ? quiet + 1 : 0;
            }
            return values;
        }
    }
}
