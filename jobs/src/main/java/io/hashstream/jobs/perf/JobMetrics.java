package io.hashstream.jobs.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The job's own metrics, read in process: a Flink metric reporter that keeps every metric of the
 * MiniCluster running in this JVM in a static registry, so the harness can read the encode
 * operator's histograms, the index shards' gauges and each task's busy time while the job runs.
 */
public final class JobMetrics {

    private static final Map<String, Entry> METRICS = new ConcurrentHashMap<>();

    private record Entry(String name, String task, Metric metric) {
    }

    private JobMetrics() {
    }

    /** The Flink settings that install the reporter. */
    static void install(Configuration flink) {
        flink.setString("metrics.reporters", "perf");
        flink.setString("metrics.reporter.perf.factory.class", Factory.class.getName());
    }

    /** The metrics of the MiniCluster in this JVM. */
    static final JobMetricsView IN_PROCESS = new JobMetricsView() {
        @Override
        public double sum(String name) {
            return JobMetrics.sum(name);
        }

        @Override
        public double max(String name) {
            return JobMetrics.max(name);
        }

        @Override
        public double histogramMean(String name) {
            return JobMetrics.histogramMean(name);
        }

        @Override
        public Map<String, Double> perTask(String name) {
            return JobMetrics.perTask(name);
        }
    };

    /** Sum of a numeric gauge or counter over all subtasks. */
    static double sum(String name) {
        double total = 0;
        for (Entry e : METRICS.values()) {
            if (e.name().equals(name)) {
                total += value(e.metric());
            }
        }
        return total;
    }

    /** Largest value of a numeric gauge over all subtasks. */
    static double max(String name) {
        double max = 0;
        for (Entry e : METRICS.values()) {
            if (e.name().equals(name)) {
                max = Math.max(max, value(e.metric()));
            }
        }
        return max;
    }

    /** Mean over subtasks of the histograms called {@code name}: their means, or NaN when there is none. */
    static double histogramMean(String name) {
        List<Double> means = new ArrayList<>();
        for (Entry e : METRICS.values()) {
            if (e.name().equals(name) && e.metric() instanceof Histogram h && h.getCount() > 0) {
                means.add(h.getStatistics().getMean());
            }
        }
        return means.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Per subtask (metric identifier), how many values its histogram called {@code name} has taken. */
    static Map<String, Long> histogramCounts(String name) {
        Map<String, Long> counts = new TreeMap<>();
        METRICS.forEach((id, e) -> {
            if (e.name().equals(name) && e.metric() instanceof Histogram h) {
                counts.put(id, h.getCount());
            }
        });
        return counts;
    }

    /**
     * Quantile of the values that the windows of every histogram called {@code name} hold, pooled
     * over subtasks (one subtask's window sees only the results keyed to it), or NaN when empty.
     */
    static double pooledQuantile(String name, double q) {
        List<long[]> windows = new ArrayList<>();
        for (Entry e : METRICS.values()) {
            if (e.name().equals(name) && e.metric() instanceof Histogram h && h.getCount() > 0) {
                windows.add(h.getStatistics().getValues());
            }
        }
        return quantile(windows, q);
    }

    /** Nearest-rank quantile of the pooled values (q = 1 is the largest), or NaN when there are none. */
    static double quantile(List<long[]> windows, double q) {
        long[] all = windows.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * all.length);
        return all[Math.max(0, Math.min(all.length, rank) - 1)];
    }

    /** Per task (chain of operators): the mean over its subtasks of a per-task gauge such as {@code busyTimeMsPerSecond}. */
    static Map<String, Double> perTask(String name) {
        Map<String, List<Double>> values = new TreeMap<>();
        for (Entry e : METRICS.values()) {
            if (e.name().equals(name) && e.task() != null) {
                double v = value(e.metric());
                if (!Double.isNaN(v)) {
                    values.computeIfAbsent(e.task(), t -> new ArrayList<>()).add(v);
                }
            }
        }
        Map<String, Double> means = new TreeMap<>();
        values.forEach((task, vs) -> means.put(task, vs.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        return means;
    }

    private static double value(Metric m) {
        if (m instanceof Counter c) {
            return c.getCount();
        }
        if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
            return n.doubleValue();
        }
        return Double.NaN;
    }

    /** Installed by {@link #install}; Flink instantiates it inside the MiniCluster. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new Reporter();
        }
    }

    static final class Reporter implements MetricReporter {
        @Override
        public void open(MetricConfig config) {
        }

        @Override
        public void close() {
        }

        @Override
        public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
            METRICS.put(group.getMetricIdentifier(name), new Entry(name, group.getAllVariables().get("<task_name>"), metric));
        }

        @Override
        public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
            METRICS.remove(group.getMetricIdentifier(name));
        }
    }
}
