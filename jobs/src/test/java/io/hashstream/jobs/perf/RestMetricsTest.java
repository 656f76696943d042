package io.hashstream.jobs.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster harness's metrics path against a real Flink REST API (the MiniCluster's), on a running job. */
@Timeout(180)
class RestMetricsTest {

    private static Configuration fastMetrics() {
        Configuration c = new Configuration();
        c.setString("metrics.fetcher.update-interval", "200 ms");
        return c;
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(fastMetrics()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Counts records and records the constant 7 in a histogram, like the encode operator's metrics. */
    static final class Counting extends RichMapFunction<Long, Long> {
        private transient Counter seen;
        private transient Histogram sevens;

        @Override
        public void open(OpenContext ctx) {
            seen = getRuntimeContext().getMetricGroup().counter("seenRecords");
            sevens = getRuntimeContext().getMetricGroup().histogram("sevens", new DescriptiveStatisticsHistogram(64));
        }

        @Override
        public Long map(Long v) {
            seen.inc();
            sevens.update(7);
            return v;
        }
    }

    @Test
    void readsOperatorCountersHistogramsAndTaskGaugesOfARunningJob(@InjectClusterClient ClusterClient<?> cluster) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(200), Types.LONG),
                        WatermarkStrategy.noWatermarks(), "numbers")
                .rebalance()
                .map(new Counting()).name("counting")
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("rest-metrics-test");
        try {
            RestMetrics metrics = new RestMetrics(URI.create(cluster.getWebInterfaceURL()), job.getJobID().toHexString());
            long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
            double seen = 0;
            while (seen < 200 && System.nanoTime() < deadline) {
                Thread.sleep(300);
                try {
                    seen = metrics.sum("seenRecords");
                } catch (IllegalStateException notYetRunning) {
                    // vertices are listed once the job is running
                }
            }
            assertThat(seen).as("records counted by both subtasks, summed").isGreaterThanOrEqualTo(200);
            assertThat(metrics.max("seenRecords")).isGreaterThan(0).isLessThanOrEqualTo(metrics.sum("seenRecords") + 1000);
            assertThat(metrics.histogramMean("sevens")).isEqualTo(7.0);
            assertThat(metrics.histogramMean("noSuchHistogram")).isNaN();
            assertThat(metrics.sum("noSuchCounter")).isZero();
            assertThat(metrics.perTask("busyTimeMsPerSecond")).as("one entry per task (vertex), by name")
                    .hasSizeGreaterThanOrEqualTo(2)
                    .hasKeySatisfying(new org.assertj.core.api.Condition<>(name -> name.contains("counting"), "the counting task"))
                    .allSatisfy((task, busy) -> assertThat(busy).isBetween(0.0, 1000.0));
        } finally {
            job.cancel().get();
        }
    }
}
