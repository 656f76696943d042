package io.hashstream.training.train;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal stream (stderr): fraction of the step or time budget,
 * live loss (moving average), β and images/s. Redraws at most every 200 ms.
 */
public final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final long maxSteps;
    private final Duration maxTime;
    private long lastDraw;
    private double smoothLoss = Double.NaN;

    public ProgressBar(PrintWriter out, long maxSteps, Duration maxTime) {
        this.out = out;
        this.maxSteps = maxSteps;
        this.maxTime = maxTime;
    }

    @Override
    public void step(long step, double elapsedSeconds, float loss, float beta, double imagesPerSecond) {
        smoothLoss = Double.isNaN(smoothLoss) ? loss : 0.95 * smoothLoss + 0.05 * loss;
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double byStep = maxSteps > 0 ? step / (double) maxSteps : 0;
        double byTime = maxTime != null ? elapsedSeconds / Math.max(1e-9, maxTime.toMillis() / 1000.0) : 0;
        double fraction = Math.min(1, Math.max(byStep, byTime));
        int filled = (int) Math.round(fraction * WIDTH);
        out.print(String.format(Locale.ROOT, "\r[%s%s] %3.0f%% step %d  loss %.4f  beta %.3f  %,.0f img/s  %s ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, step, smoothLoss, beta,
                imagesPerSecond, clock(elapsedSeconds)));
        out.flush();
    }

    @Override
    public void finished(long steps, double elapsedSeconds) {
        out.println(String.format(Locale.ROOT, "\rtrained %d steps in %s, final loss (moving average) %.4f%s",
                steps, clock(elapsedSeconds), smoothLoss, " ".repeat(40)));
        out.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
