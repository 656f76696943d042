package io.hashstream.training.train;

/**
 * One row of the training log.
 *
 * @param step steps done
 * @param elapsedSeconds wall time since training started
 * @param loss mean loss over the steps since the previous row
 * @param beta β in use at this step
 * @param imagesPerSecond training throughput since the previous row
 * @param rssBytes resident memory of the process (Java heap + native), to spot native leaks
 */
public record LogRow(long step, double elapsedSeconds, double loss, double beta, double imagesPerSecond,
                     long rssBytes) {
}
