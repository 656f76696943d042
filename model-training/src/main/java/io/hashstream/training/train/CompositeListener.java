package io.hashstream.training.train;

import java.util.List;

/** Fans progress out to several listeners. */
public record CompositeListener(List<TrainingListener> listeners) implements TrainingListener {

    public static TrainingListener of(TrainingListener... ls) {
        return new CompositeListener(List.of(ls));
    }

    @Override
    public void step(long step, double elapsedSeconds, float loss, float beta, double imagesPerSecond) {
        listeners.forEach(l -> l.step(step, elapsedSeconds, loss, beta, imagesPerSecond));
    }

    @Override
    public void row(LogRow row) {
        listeners.forEach(l -> l.row(row));
    }

    @Override
    public void finished(long steps, double elapsedSeconds) {
        listeners.forEach(l -> l.finished(steps, elapsedSeconds));
    }
}
