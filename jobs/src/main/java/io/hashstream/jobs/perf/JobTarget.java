package io.hashstream.jobs.perf;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the harness runs the job, and how it observes it there: {@link EmbeddedTarget} (a MiniCluster
 * in the harness's JVM) or {@link ClusterTarget} (a Flink session cluster of separate processes).
 */
interface JobTarget {

    /** One line for the report. */
    String describe();

    /** The environment to build and execute the job in, with the job's Flink settings. */
    StreamExecutionEnvironment environment(Configuration flink);

    /** The metrics of a job started in {@link #environment}. */
    JobMetricsView metrics(JobClient job);

    /** Waits until metrics read now reflect what the job has done so far (a cluster's REST metrics lag). */
    void awaitFreshMetrics() throws InterruptedException;

    /** Starts measuring CPU and memory of the processes running the job. */
    UsageWindow measureUsage();

    /** Starts a JFR recording of the processes running the job into {@code file} (one file per process, suffixed). */
    ProfileWindow profile(Path file);
}
