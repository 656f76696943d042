package io.hashstream.model;

import io.hashstream.image.ModelInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Builds an encoder-only inference graph and writes it as a SavedModel with signature
 * {@code encode} plus its {@link ModelCard}. Weights become variables filled by feeding their
 * values once, so the values live only in the checkpoint (not again as graph constants) and the
 * export holds no optimizer slots or loss.
 *
 * <p>Usage: create, build the network on {@link #tf()} from {@link #images()} using
 * {@link #weight} for every trained tensor, then {@link #export}.
 */
public final class EncoderExport implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final ModelInput input;
    private final Placeholder<TFloat32> images;
    private final List<PendingWeight> weights = new ArrayList<>();
    private final Set<String> weightNames = new HashSet<>();

    private record PendingWeight(Placeholder<TFloat32> feed, Assign<TFloat32> assign, float[] values, Shape shape) {
    }

    public EncoderExport(ModelInput input) {
        this.input = input;
        ModelCard.SignatureNames names = ModelCard.SignatureNames.DEFAULT;
        this.images = tf.withName(names.images()).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, input.height(), input.width(), input.channels())));
    }

    public Ops tf() {
        return tf;
    }

    /** The input: float32 [N, H, W, C] preprocessed images. */
    public Operand<TFloat32> images() {
        return images;
    }

    /** A weight tensor of the given shape holding a copy of {@code values} (row-major). */
    public Operand<TFloat32> weight(String name, float[] values, long... shape) {
        Shape s = Shape.of(shape);
        if (s.size() != values.length) {
            throw new IllegalArgumentException("weight " + name + ": shape " + s + " needs " + s.size()
                    + " values, got " + values.length);
        }
        if (!weightNames.add(name)) {
            throw new IllegalArgumentException("duplicate weight name " + name);
        }
        Variable<TFloat32> v = tf.withName(name).variable(s, TFloat32.class);
        Placeholder<TFloat32> feed = tf.withName(name + "_value").placeholder(TFloat32.class, Placeholder.shape(s));
        Assign<TFloat32> assign = tf.withName(name + "_assign").assign(v, feed);
        weights.add(new PendingWeight(feed, assign, values.clone(), s));
        return tf.identity(v);
    }

    /**
     * Writes the SavedModel into {@code dir} (absent or empty) with {@code activations} (float32
     * [N, K], K = {@code card.bits()}) as the pre-sign output, then the card with its model id.
     *
     * @return the card as written
     */
    public ModelCard export(Path dir, Operand<TFloat32> activations, ModelCard card) {
        if (!card.input().equals(input)) {
            throw new IllegalArgumentException("card input " + card.input() + " differs from graph input " + input);
        }
        if (weights.isEmpty()) {
            throw new IllegalStateException("an encoder needs at least one weight");
        }
        Shape actShape = activations.shape();
        if (actShape.numDimensions() != 2 || actShape.size(1) != card.bits()) {
            throw new IllegalArgumentException("activations must be [N, " + card.bits() + "], got " + actShape);
        }
        prepareEmptyDir(dir);
        ModelCard.SignatureNames names = ModelCard.SignatureNames.DEFAULT;
        Operand<TFloat32> act = tf.withName(names.activations()).identity(activations);
        Operand<TFloat32> codes = tf.withName(names.codes()).math.sign(act);
        Signature signature = Signature.builder(names.key())
                .input(names.images(), images)
                .output(names.codes(), codes)
                .output(names.activations(), act)
                .build();
        try (Session session = new Session(graph, TfSessions.config(TfThreads.wholeMachine(), TfDevice.CPU))) {
            fillWeights(session);
            SavedModelBundle.exporter(dir.toString())
                    .withFunction(SessionFunction.create(signature, session))
                    .export();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export SavedModel to " + dir, e);
        }
        String createdAt = card.createdAt() != null ? card.createdAt()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ModelCard written = new ModelCard(ModelCard.FORMAT_VERSION, card.method(), card.architecture(), card.bits(),
                card.input(),
                card.dataset(), card.seed(), card.steps(), card.metrics(), card.buildCommit(), createdAt,
                ModelIds.of(dir), names);
        written.write(dir);
        return written;
    }

    private void fillWeights(Session session) {
        List<Tensor> values = new ArrayList<>(weights.size());
        try {
            Session.Runner runner = session.runner();
            for (PendingWeight w : weights) {
                TFloat32 t = TFloat32.tensorOf(w.shape());
                values.add(t);
                t.asRawTensor().data().asFloats().write(w.values());
                runner.feed(w.feed(), t).addTarget(w.assign());
            }
            runner.run().close();
        } finally {
            values.forEach(Tensor::close);
        }
    }

    private static void prepareEmptyDir(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("export directory " + dir + " is not empty");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    @Override
    public void close() {
        graph.close();
    }
}
