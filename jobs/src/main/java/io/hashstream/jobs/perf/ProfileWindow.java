package io.hashstream.jobs.perf;

/** A JFR recording of the processes running the job, from its creation until {@link #stop()}. */
interface ProfileWindow {
    StageProfile.Summary stop();
}
