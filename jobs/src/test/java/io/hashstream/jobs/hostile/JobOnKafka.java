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
import io.hashstream.jobs.kafka.TopicReader;
import io.hashstream.jobs.pipeline.EncoderFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
            Map<String, String> uriSettings, String name) throws Exception {
        Configuration flink = config.toFlinkConfiguration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        KafkaSinks.Delivery delivery = KafkaSinks.Delivery.exactlyOnce("hostile-" + name);
        NearDuplicateJob job = new NearDuplicateJob(config, encoders,
                KafkaJob.source(config, kafka, "hostile-" + name, KafkaSources.Bounds.UP_TO_LATEST),
                KafkaJob.resultSink(config, kafka, delivery), KafkaJob.deadLetterSink(config, kafka, delivery), uriSettings);
        return job.execute(env);
    }

    static List<MatchResult> results(KafkaClientSettings kafka, JobConfig config, int atLeast) {
        return TopicReader.readCommitted(kafka, config.resultsTopic(), atLeast, Duration.ofSeconds(60)).stream()
                .map(r -> MatchResultJson.parse(r.value())).toList();
    }

    static List<DeadLetter> deadLetters(KafkaClientSettings kafka, JobConfig config, int atLeast) {
        return TopicReader.readCommitted(kafka, config.deadLettersTopic(), atLeast, Duration.ofSeconds(60)).stream()
                .map(r -> DeadLetterJson.parse(r.value())).toList();
    }
}
