package io.hashstream.training.train;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.loss.PairWeights;
import io.hashstream.training.net.Backbone;
import io.hashstream.training.net.WeightValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;

/**
 * Trains a {@link Backbone} with HashNet or DHN on a labelled {@link Dataset}: random minibatches
 * (a fresh seeded permutation per epoch), β from the continuation, until the step or time limit.
 * The trained graph stays open for encoding and export until {@link #close()}.
 */
public final class HashTrainer implements AutoCloseable {
    private static final int ENCODE_CHUNK = 256;

    private final TrainSettings settings;
    private final Backbone backbone;
    private final TrainingGraph graph;
    private long stepsDone;

    public HashTrainer(TrainSettings settings, Backbone backbone) {
        this.settings = settings;
        this.backbone = backbone;
        this.graph = new TrainingGraph(backbone, settings.bits(), settings.loss(), settings.optimizer(),
                settings.seed(), settings.threads());
    }

    public TrainSettings settings() {
        return settings;
    }

    public Backbone backbone() {
        return backbone;
    }

    public long stepsDone() {
        return stepsDone;
    }

    public long parameterCount() {
        return graph.weights().parameterCount();
    }

    public TrainingSummary train(Dataset data, TrainingListener listener) {
        if (!data.input().equals(backbone.input())) {
            throw new IllegalArgumentException("data set input " + data.input() + " differs from the network's "
                    + backbone.input());
        }
        int b = settings.batch();
        int n = data.size();
        if (n < b) {
            throw new IllegalArgumentException("data set has " + n + " images, fewer than one batch of " + b);
        }
        long maxSteps = settings.maxSteps();
        long maxNanos = settings.maxTime() == null ? Long.MAX_VALUE : settings.maxTime().toNanos();
        float[] x = new float[b * data.floatsPerImage()];
        int[] y = new int[b];
        List<LogRow> log = new ArrayList<>();

        long epoch = 0;
        int[] order = Dataset.permutation(n, epochSeed(epoch));
        int pos = 0;
        long start = System.nanoTime();
        long intervalStart = start;
        long intervalSteps = 0;
        double intervalLoss = 0;
        float beta = settings.continuation().beta(0);
        long step = 0;
        while ((maxSteps == 0 || step < maxSteps) && System.nanoTime() - start < maxNanos) {
            if (pos + b > n) {
                order = Dataset.permutation(n, epochSeed(++epoch));
                pos = 0;
            }
            data.gather(order, pos, b, x, y);
            pos += b;
            beta = settings.continuation().beta(stepsDone);
            PairWeights pw = settings.similarWeightRatio() == null ? PairWeights.balanced(y)
                    : PairWeights.fixedRatio(y, settings.similarWeightRatio());
            float loss = graph.step(x, b, beta, pw);
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("loss is " + loss + " at step " + stepsDone
                        + "; lower the learning rate");
            }
            step++;
            stepsDone++;
            intervalSteps++;
            intervalLoss += loss;
            long now = System.nanoTime();
            double elapsed = (now - start) / 1e9;
            listener.step(step, elapsed, loss, beta, step * (double) b / Math.max(elapsed, 1e-9));
            if (step % settings.logEvery() == 0) {
                log.add(row(listener, step, elapsed, intervalLoss, intervalSteps, beta, b, now - intervalStart));
                intervalStart = now;
                intervalSteps = 0;
                intervalLoss = 0;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (intervalSteps > 0) {
            log.add(row(listener, step, seconds, intervalLoss, intervalSteps, beta, b, System.nanoTime() - intervalStart));
        }
        listener.finished(step, seconds);
        double first = log.isEmpty() ? Double.NaN : log.get(0).loss();
        double last = log.isEmpty() ? Double.NaN : log.get(log.size() - 1).loss();
        return new TrainingSummary(step, seconds, step * (double) b / Math.max(seconds, 1e-9), first, last, beta, log);
    }

    private static LogRow row(TrainingListener listener, long step, double elapsed, double lossSum, long steps,
                              float beta, int batch, long nanos) {
        LogRow r = new LogRow(step, elapsed, lossSum / steps, beta, steps * (double) batch / Math.max(nanos / 1e9, 1e-9),
                Pointer.physicalBytes());
        listener.row(r);
        return r;
    }

    private long epochSeed(long epoch) {
        return settings.seed() * 1_000_003L + epoch;
    }

    /** Codes sign(z) of {@code n} images from the training graph. */
    public BinaryCode[] encode(float[] images, int n) {
        int per = backbone.input().floatsPerImage();
        int k = settings.bits();
        BinaryCode[] out = new BinaryCode[n];
        float[] chunk = new float[Math.min(n, ENCODE_CHUNK) * per];
        for (int from = 0; from < n; from += ENCODE_CHUNK) {
            int m = Math.min(ENCODE_CHUNK, n - from);
            System.arraycopy(images, from * per, chunk, 0, m * per);
            float[] z = graph.activations(chunk, m);
            for (int i = 0; i < m; i++) {
                out[from + i] = BinaryCode.fromSigns(z, i * k, k);
            }
        }
        return out;
    }

    public BinaryCode[] encode(Dataset data) {
        return encode(data.images(), data.size());
    }

    /** Mean loss over {@code data} in batches of the training batch size (β of the last step). */
    public double meanLoss(Dataset data) {
        int b = settings.batch();
        int batches = data.size() / b;
        if (batches == 0) {
            throw new IllegalArgumentException("need at least one full batch of " + b);
        }
        float beta = settings.continuation().beta(Math.max(0, stepsDone - 1));
        float[] x = new float[b * data.floatsPerImage()];
        int[] y = new int[b];
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double sum = 0;
        for (int i = 0; i < batches; i++) {
            data.gather(order, i * b, b, x, y);
            PairWeights pw = settings.similarWeightRatio() == null ? PairWeights.balanced(y)
                    : PairWeights.fixedRatio(y, settings.similarWeightRatio());
            sum += graph.loss(x, b, beta, pw);
        }
        return sum / batches;
    }

    /** The trained weights by name. */
    public Map<String, WeightValues> weights() {
        return graph.trainedWeights();
    }

    @Override
    public void close() {
        graph.close();
    }
}
