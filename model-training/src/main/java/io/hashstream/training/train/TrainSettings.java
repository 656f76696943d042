package io.hashstream.training.train;

import io.hashstream.code.BinaryCode;
import io.hashstream.model.TfThreads;
import io.hashstream.training.loss.HashLoss;
import java.time.Duration;

/**
 * Everything that determines a training run.
 *
 * @param method HashNet or DHN
 * @param bits code length K
 * @param batch images per step (all ordered pairs inside a batch are used)
 * @param maxSteps stop after this many steps (0 = no step limit)
 * @param maxTime stop after this much wall time (null = no time limit)
 * @param optimizer optimizer and learning rate
 * @param seed seeds weight initialization and batch order
 * @param continuation β schedule (HashNet); {@link Continuation#none()} for DHN
 * @param alpha α of the pairwise likelihood (HashNet's default 10/K)
 * @param threshold inner product above which the linear branch of the loss applies (15)
 * @param lambda DHN's quantization weight (unused by HashNet)
 * @param similarWeightRatio null for HashNet's balanced weights |S|/|S1|, |S|/|S0|; else a fixed ratio
 * @param threads TensorFlow thread pools
 * @param logEvery steps between CSV log rows
 */
public record TrainSettings(Method method, int bits, int batch, long maxSteps, Duration maxTime, OptimizerSpec optimizer,
                            long seed, Continuation continuation, float alpha, float threshold, float lambda,
                            Double similarWeightRatio, TfThreads threads, int logEvery) {

    public static final float DEFAULT_DHN_LAMBDA = 1f;

    public TrainSettings {
        BinaryCode.checkBits(bits);
        if (batch < 2) {
            throw new IllegalArgumentException("batch must be >= 2 (pairs), got " + batch);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("max steps must be >= 0");
        }
        if (maxSteps == 0 && maxTime == null) {
            throw new IllegalArgumentException("give a step limit, a time limit or both");
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("logEvery must be >= 1");
        }
    }

    /** The method's published defaults: Adam 1e-3 is ours (the papers fine-tune AlexNet with SGD). */
    public static TrainSettings defaults(Method method, int bits) {
        return new TrainSettings(method, bits, 128, 0, Duration.ofMinutes(5), OptimizerSpec.adam(1e-3f), 42,
                method == Method.HASHNET ? Continuation.hashNet() : Continuation.none(), HashLoss.defaultAlpha(bits),
                15f, DEFAULT_DHN_LAMBDA, null, TfThreads.wholeMachine(), 50);
    }

    public TrainSettings withLimits(long steps, Duration time) {
        return new TrainSettings(method, bits, batch, steps, time, optimizer, seed, continuation, alpha, threshold,
                lambda, similarWeightRatio, threads, logEvery);
    }

    public TrainSettings withBatch(int b) {
        return new TrainSettings(method, bits, b, maxSteps, maxTime, optimizer, seed, continuation, alpha, threshold,
                lambda, similarWeightRatio, threads, logEvery);
    }

    public TrainSettings withOptimizer(OptimizerSpec o) {
        return new TrainSettings(method, bits, batch, maxSteps, maxTime, o, seed, continuation, alpha, threshold,
                lambda, similarWeightRatio, threads, logEvery);
    }

    public TrainSettings withSeed(long s) {
        return new TrainSettings(method, bits, batch, maxSteps, maxTime, optimizer, s, continuation, alpha, threshold,
                lambda, similarWeightRatio, threads, logEvery);
    }

    public TrainSettings withLogEvery(int every) {
        return new TrainSettings(method, bits, batch, maxSteps, maxTime, optimizer, seed, continuation, alpha, threshold,
                lambda, similarWeightRatio, threads, every);
    }

    public TrainSettings withLoss(float a, float l, Double ratio) {
        return new TrainSettings(method, bits, batch, maxSteps, maxTime, optimizer, seed, continuation, a, threshold,
                l, ratio, threads, logEvery);
    }

    public TrainSettings withContinuation(Continuation c) {
        return new TrainSettings(method, bits, batch, maxSteps, maxTime, optimizer, seed, c, alpha, threshold,
                lambda, similarWeightRatio, threads, logEvery);
    }

    public TrainSettings withThreads(TfThreads t) {
        return new TrainSettings(method, bits, batch, maxSteps, maxTime, optimizer, seed, continuation, alpha, threshold,
                lambda, similarWeightRatio, t, logEvery);
    }

    public HashLoss loss() {
        return switch (method) {
            case HASHNET -> new HashLoss.HashNet(alpha, threshold);
            case DHN -> new HashLoss.Dhn(alpha, threshold, lambda);
        };
    }
}
