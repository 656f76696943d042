package io.hashstream.training.train;

import io.hashstream.image.ModelInput;
import io.hashstream.model.TfDevice;
import io.hashstream.model.TfSessions;
import io.hashstream.model.TfThreads;
import io.hashstream.training.loss.HashLoss;
import io.hashstream.training.loss.PairWeights;
import io.hashstream.training.net.Backbone;
import io.hashstream.training.net.TrainableWeights;
import io.hashstream.training.net.WeightValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * The training graph and its session: images → backbone → z, h = tanh(β·z), the method's loss,
 * gradients from {@code Graph.addGradients(loss, trainable variables)} (not
 * {@code Optimizer.minimize}, which differentiates with respect to every variable in the graph,
 * optimizer slots included) and the optimizer's {@code applyGradients}.
 */
public final class TrainingGraph implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Backbone backbone;
    private final int bits;
    private final TrainableWeights weights;
    private final Placeholder<TFloat32> images;
    private final Placeholder<TFloat32> beta;
    private final Placeholder<TFloat32> similarity;
    private final Placeholder<TFloat32> pairWeights;
    private final Operand<TFloat32> activations;
    private final Operand<TFloat32> outputs;
    private final Operand<TFloat32> loss;
    private final List<Output<?>> gradients = new ArrayList<>();
    private final Op train;
    private final Session session;

    public TrainingGraph(Backbone backbone, int bits, HashLoss hashLoss, OptimizerSpec optimizer, long seed,
                         TfThreads threads) {
        this.backbone = backbone;
        this.bits = bits;
        this.weights = new TrainableWeights(seed);
        try {
            Ops tf = Ops.create(graph);
            ModelInput in = backbone.input();
            images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, in.height(), in.width(), in.channels())));
            beta = tf.withName("beta").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            similarity = tf.withName("similarity").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
            pairWeights = tf.withName("pair_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
            activations = tf.withName("activations").identity(backbone.hashActivations(tf, images, weights, bits));
            outputs = tf.withName("outputs").math.tanh(tf.math.mul(beta, activations));
            loss = tf.withName("loss").identity(hashLoss.build(tf, outputs, similarity, pairWeights));

            List<Variable<TFloat32>> vars = weights.variables();
            Output<?>[] x = vars.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
            Output<?>[] dx = graph.addGradients(loss.asOutput(), x);
            List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (dx[i] == null) {
                    throw new IllegalStateException("no gradient reaches weight " + weights.names().get(i));
                }
                gradients.add(dx[i]);
                pairs.add(gradAndVar(dx[i], x[i]));
            }
            Optimizer opt = optimizer.create(graph);
            train = opt.applyGradients(pairs, "train");
            Session s = new Session(graph, TfSessions.config(threads, TfDevice.CPU));
            try {
                s.initialize();
            } catch (RuntimeException e) {
                // Graph.close waits until no session uses the graph: close the session first, or it hangs.
                s.close();
                throw e;
            }
            session = s;
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends TType> GradAndVar<T> gradAndVar(Output<?> grad, Output<?> var) {
        return new GradAndVar<>((Output<T>) grad, (Output<T>) var);
    }

    public Backbone backbone() {
        return backbone;
    }

    public int bits() {
        return bits;
    }

    public TrainableWeights weights() {
        return weights;
    }

    /** One optimizer step on a batch; returns the loss before the update. */
    public float step(float[] batchImages, int n, float betaValue, PairWeights pw) {
        return withBatchFed(batchImages, n, betaValue, pw, runner -> {
            try (Result r = runner.fetch(loss).addTarget(train).run()) {
                return r.get(0).asRawTensor().data().asFloats().getFloat(0);
            }
        });
    }

    /** The loss on a batch without updating anything. */
    public float loss(float[] batchImages, int n, float betaValue, PairWeights pw) {
        return evaluate(batchImages, n, betaValue, pw, false).loss();
    }

    /** Loss and the gradient of every trainable weight (by name) on a batch, without updating. */
    public Evaluation evaluate(float[] batchImages, int n, float betaValue, PairWeights pw, boolean withGradients) {
        return withBatchFed(batchImages, n, betaValue, pw, runner -> {
            runner.fetch(loss);
            if (withGradients) {
                gradients.forEach(runner::fetch);
            }
            try (Result r = runner.run()) {
                float l = r.get(0).asRawTensor().data().asFloats().getFloat(0);
                Map<String, float[]> grads = new LinkedHashMap<>();
                if (withGradients) {
                    List<String> names = weights.names();
                    for (int i = 0; i < names.size(); i++) {
                        grads.put(names.get(i), copy(r.get(i + 1)));
                    }
                }
                return new Evaluation(l, grads);
            }
        });
    }

    /**
     * Checks the pairs, feeds one batch (images, beta, similarity, pair weights) into a fresh runner and
     * hands it to {@code run}; the fed tensors are closed when {@code run} returns.
     */
    private <T> T withBatchFed(float[] batchImages, int n, float betaValue, PairWeights pw,
            Function<Session.Runner, T> run) {
        checkPairs(n, pw);
        try (TFloat32 x = imagesTensor(batchImages, n);
             TFloat32 b = TFloat32.scalarOf(betaValue);
             TFloat32 s = TFloat32.tensorOf(Shape.of(n, n));
             TFloat32 w = TFloat32.tensorOf(Shape.of(n, n))) {
            s.asRawTensor().data().asFloats().write(pw.similarity());
            w.asRawTensor().data().asFloats().write(pw.weights());
            return run.apply(session.runner().feed(images, x).feed(beta, b).feed(similarity, s).feed(pairWeights, w));
        }
    }

    /** Loss and per-weight gradients of one batch. */
    public record Evaluation(float loss, Map<String, float[]> gradients) {
    }

    /** Pre-sign activations z [n, bits] (row-major) of {@code n} images. */
    public float[] activations(float[] batchImages, int n) {
        try (TFloat32 x = imagesTensor(batchImages, n);
             Result r = session.runner().feed(images, x).fetch(activations).run()) {
            return copy(r.get(0));
        }
    }

    /** The current trained values. */
    public Map<String, WeightValues> trainedWeights() {
        return weights.read(session);
    }

    private TFloat32 imagesTensor(float[] batchImages, int n) {
        ModelInput in = backbone.input();
        int len = n * in.floatsPerImage();
        if (batchImages.length < len) {
            throw new IllegalArgumentException("batch of " + n + " images needs " + len + " floats, got "
                    + batchImages.length);
        }
        TFloat32 t = TFloat32.tensorOf(Shape.of(n, in.height(), in.width(), in.channels()));
        t.asRawTensor().data().asFloats().write(batchImages, 0, len);
        return t;
    }

    private static void checkPairs(int n, PairWeights pw) {
        if (pw.batch() != n) {
            throw new IllegalArgumentException("pair weights for " + pw.batch() + " images, batch has " + n);
        }
    }

    private static float[] copy(Tensor t) {
        float[] v = new float[Math.toIntExact(t.shape().size())];
        t.asRawTensor().data().asFloats().read(v);
        return v;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
