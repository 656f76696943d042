package io.hashstream.jobs.perf;

import io.hashstream.jobs.config.LocalCheckpointStorage;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job on a Flink MiniCluster in this JVM: metrics from an in-process reporter, CPU and RSS of this process. */
final class EmbeddedTarget implements JobTarget {

    @Override
    public String describe() {
        return "embedded Flink MiniCluster in the harness's JVM (CPU, heap and RSS are this JVM's, embedded broker included)";
    }

    @Override
    public StreamExecutionEnvironment environment(Configuration flink) {
        JobMetrics.install(flink);
        LocalCheckpointStorage.ensure(flink, "hashstream-perf-checkpoints-");
        return StreamExecutionEnvironment.getExecutionEnvironment(flink);
    }

    @Override
    public JobMetricsView metrics(JobClient job) {
        return JobMetrics.IN_PROCESS;
    }

    @Override
    public void awaitFreshMetrics() {
        // the reporter holds the live metric objects
    }

    @Override
    public UsageWindow measureUsage() {
        return new ProcessSampler();
    }

    @Override
    public ProfileWindow profile(Path file) {
        return new StageProfile(file);
    }
}
