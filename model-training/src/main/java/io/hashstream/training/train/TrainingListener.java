package io.hashstream.training.train;

/** Receives progress while a model trains (progress bar, CSV log). */
public interface TrainingListener {

    /** After every step: cheap, called often. */
    default void step(long step, double elapsedSeconds, float loss, float beta, double imagesPerSecond) {
    }

    /** Every {@code logEvery} steps and at the end. */
    default void row(LogRow row) {
    }

    default void finished(long steps, double elapsedSeconds) {
    }

    static TrainingListener none() {
        return new TrainingListener() {
        };
    }
}
