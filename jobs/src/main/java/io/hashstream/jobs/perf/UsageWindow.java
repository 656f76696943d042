package io.hashstream.jobs.perf;

/** CPU and memory of the processes running the job, measured from its creation until {@link #stop()}. */
interface UsageWindow {
    ProcessSampler.Usage stop();
}
