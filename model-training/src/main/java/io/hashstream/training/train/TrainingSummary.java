package io.hashstream.training.train;

import java.util.List;

/**
 * What a finished run did.
 *
 * @param steps optimizer steps taken
 * @param seconds wall time of the training loop
 * @param imagesPerSecond training images per second over the whole loop
 * @param firstLoss mean loss of the first log interval
 * @param lastLoss mean loss of the last log interval
 * @param finalBeta β at the last step
 * @param log every log row
 */
public record TrainingSummary(long steps, double seconds, double imagesPerSecond, double firstLoss, double lastLoss,
                              double finalBeta, List<LogRow> log) {
    public TrainingSummary {
        log = List.copyOf(log);
    }
}
