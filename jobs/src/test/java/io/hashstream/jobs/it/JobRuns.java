package io.hashstream.jobs.it;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaJob;
import io.hashstream.jobs.kafka.KafkaSinks;
import io.hashstream.jobs.kafka.KafkaSources;

/** Runs the job on the test's MiniCluster until it has read everything sent so far. */
final class JobRuns {

    private JobRuns() {
    }

    /**
     * Stops a running job with a final savepoint at the end of event time (draining it: everything
     * held back for the watermark is answered and committed). Retries while a restarted job is not
     * fully running yet, when Flink refuses the savepoint. Returns the savepoint's path.
     */
    static String drain(JobClient job, Path savepoints) throws Exception {
        return stop(job, savepoints, true);
    }

    /**
     * As {@link #drain}, but without advancing event time to its end ({@code drain = false}): what
     * waits for the watermark stays in the savepoint, and retention does not empty the index, as a
     * drain's final watermark does. For a savepoint that a later job continues from.
     */
    static String suspend(JobClient job, Path savepoints) throws Exception {
        return stop(job, savepoints, false);
    }

    private static String stop(JobClient job, Path savepoints, boolean drain) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            try {
                return job.stopWithSavepoint(drain, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(120, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                last = e;
                Thread.sleep(1000);
            }
        }
        throw last;
    }

    static void runToEnd(JobConfig config, KafkaClientSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.toFlinkConfiguration());
        KafkaJob.attach(env, config, settings, KafkaSinks.Delivery.exactlyOnce("it-" + config.resultsTopic()),
                "it-" + config.imagesTopic(), KafkaSources.Bounds.UP_TO_LATEST);
        env.execute("it " + config.imagesTopic());
    }
}
