package io.hashstream.jobs.perf;

import java.util.Map;

/** The running job's metrics as the harness reads them, wherever the job runs. */
interface JobMetricsView {

    /** Sum of a numeric gauge or counter over all subtasks. */
    double sum(String name);

    /** Largest value of a numeric gauge over all subtasks. */
    double max(String name);

    /** Mean over subtasks of the histograms called {@code name}: their means, or NaN when there is none. */
    double histogramMean(String name);

    /** Per task (chain of operators): the mean over its subtasks of a per-task gauge such as {@code busyTimeMsPerSecond}. */
    Map<String, Double> perTask(String name);
}
