package io.hashstream.model;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ModelInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * An {@link Encoder} running a TensorFlow SavedModel (tag {@code serve}) described by its
 * {@link ModelCard}: one session call per batch on the signature the card names, every tensor
 * closed before returning. Thread-safe (TensorFlow sessions accept concurrent runs); share one
 * instance per JVM through {@link SharedEncoders}.
 */
public final class SavedModelEncoder implements Encoder {
    private static final Logger LOG = LoggerFactory.getLogger(SavedModelEncoder.class);

    private final Path dir;
    private final ModelCard card;
    private final SavedModelBundle bundle;
    private final TfDevice device;
    private final TfThreads threads;
    private final EncoderPrecision precision;
    private final String imagesTensor;
    private final String codesTensor;
    private final String activationsTensor;
    private volatile boolean closed;

    /** Codes with the activations they were taken from (row-major [n, bits]). */
    public record Encoded(BinaryCode[] codes, float[] activations) {
    }

    private SavedModelEncoder(Path dir, ModelCard card, SavedModelBundle bundle, TfDevice device, TfThreads threads,
                              EncoderPrecision precision) {
        this.dir = dir;
        this.card = card;
        this.bundle = bundle;
        this.device = device;
        this.threads = threads;
        this.precision = precision;
        ModelCard.SignatureNames names = card.signature();
        Signature sig = signature(bundle, names.key(), dir);
        this.imagesTensor = tensorName(sig.getInputs(), names.images(), "input", dir);
        this.codesTensor = tensorName(sig.getOutputs(), names.codes(), "output", dir);
        this.activationsTensor = tensorName(sig.getOutputs(), names.activations(), "output", dir);
        checkInput(sig.getInputs().get(names.images()), card.input(), dir);
        checkOutput(sig.getOutputs().get(names.codes()), card.bits(), dir);
        checkOutput(sig.getOutputs().get(names.activations()), card.bits(), dir);
    }

    /** Loads {@code dir} (a SavedModel with {@value ModelCard#FILE_NAME}) with explicit thread pools. */
    public static SavedModelEncoder load(Path dir, TfThreads threads, DevicePreference preference) {
        return load(dir, threads, preference, EncoderPrecision.FP32);
    }

    /**
     * Loads {@code dir} asking for {@code precision}; {@link #precision()} tells what it got (bfloat16
     * only on a CPU that has it).
     */
    public static SavedModelEncoder load(Path dir, TfThreads threads, DevicePreference preference,
                                         EncoderPrecision precision) {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("not a SavedModel directory (no saved_model.pb): " + dir);
        }
        ModelCard card = ModelCard.read(dir);
        String contentId = ModelIds.of(dir);
        if (!contentId.equals(card.modelId())) {
            // New weights under an old id would put codes that do not compare into one index.
            throw new IllegalArgumentException("SavedModel " + dir + " has model id " + contentId + " but its card says "
                    + card.modelId() + ": the graph or weights changed after export; export the model again");
        }
        return withCpuFallback(TfSessions.resolve(preference, threads), preference,
                device -> open(dir, card, threads, device, precision));
    }

    /**
     * Opens on {@code device}; when that is a GPU the preference {@link DevicePreference#AUTO} chose and
     * opening fails there (its memory taken by another process, a driver or cuDNN mismatch), on the CPU
     * instead, with a warning, rather than failing the task on every restart.
     */
    static <T> T withCpuFallback(TfDevice device, DevicePreference preference, java.util.function.Function<TfDevice, T> open) {
        try {
            return open.apply(device);
        } catch (RuntimeException e) {
            if (device != TfDevice.GPU || preference != DevicePreference.AUTO) {
                throw e;
            }
            LOG.warn("loading the model on the GPU failed ({}); loading it on the CPU", e.toString());
            return open.apply(TfDevice.CPU);
        }
    }

    private static SavedModelEncoder open(Path dir, ModelCard card, TfThreads threads, TfDevice device,
                                          EncoderPrecision precision) {
        EncoderPrecision effective = precision.resolve(device);
        SavedModelBundle bundle = SavedModelBundle.loader(dir.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG)
                .withConfigProto(TfSessions.config(threads, device, effective))
                .load();
        try {
            SavedModelEncoder encoder = new SavedModelEncoder(dir, card, bundle, device, threads, effective);
            LOG.info("loaded model {} ({} {} bits, input {}x{}x{}) from {} on {} in {} with {} intra-op / {} inter-op threads",
                    card.modelId(), card.method(), card.bits(), card.input().height(), card.input().width(),
                    card.input().channels(), dir, device, effective, threads.intraOp(), threads.interOp());
            return encoder;
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    public static SavedModelEncoder load(Path dir, TfThreads threads) {
        return load(dir, threads, DevicePreference.AUTO);
    }

    @Override
    public String modelId() {
        return card.modelId();
    }

    @Override
    public int bits() {
        return card.bits();
    }

    @Override
    public ModelInput input() {
        return card.input();
    }

    public ModelCard card() {
        return card;
    }

    /** The device the session runs on. */
    public TfDevice device() {
        return device;
    }

    public TfThreads threads() {
        return threads;
    }

    /** The precision the session runs in (what was asked for, or float32 where bfloat16 is not available). */
    public EncoderPrecision precision() {
        return precision;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public BinaryCode[] encode(float[] batch, int n) {
        float[] codes = run(batch, n, false)[0];
        int k = card.bits();
        BinaryCode[] out = new BinaryCode[n];
        for (int i = 0; i < n; i++) {
            out[i] = BinaryCode.fromSigns(codes, i * k, k);
        }
        return out;
    }

    /** Like {@link #encode} but also returns the pre-sign activations (same session call). */
    public Encoded encodeWithActivations(float[] batch, int n) {
        float[][] r = run(batch, n, true);
        int k = card.bits();
        BinaryCode[] out = new BinaryCode[n];
        for (int i = 0; i < n; i++) {
            out[i] = BinaryCode.fromSigns(r[0], i * k, k);
        }
        return new Encoded(out, r[1]);
    }

    private float[][] run(float[] batch, int n, boolean withActivations) {
        if (closed) {
            throw new IllegalStateException("encoder for " + dir + " is closed");
        }
        ModelInput in = card.input();
        int perImage = in.floatsPerImage();
        if (n < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + n);
        }
        if ((long) n * perImage > batch.length) {
            throw new IllegalArgumentException("batch of " + n + " images of " + in.height() + "x" + in.width() + "x"
                    + in.channels() + " needs " + (long) n * perImage + " floats, got " + batch.length);
        }
        int k = card.bits();
        try (TFloat32 images = TFloat32.tensorOf(Shape.of(n, in.height(), in.width(), in.channels()))) {
            images.asRawTensor().data().asFloats().write(batch, 0, n * perImage);
            var runner = bundle.session().runner().feed(imagesTensor, images).fetch(codesTensor);
            if (withActivations) {
                runner.fetch(activationsTensor);
            }
            try (Result result = runner.run()) {
                float[][] out = new float[withActivations ? 2 : 1][];
                for (int o = 0; o < out.length; o++) {
                    Tensor t = result.get(o);
                    checkResultShape(t, n, k);
                    out[o] = new float[n * k];
                    t.asRawTensor().data().asFloats().read(out[o]);
                }
                return out;
            }
        }
    }

    private void checkResultShape(Tensor t, int n, int k) {
        Shape s = t.shape();
        if (t.dataType() != DataType.DT_FLOAT || s.numDimensions() != 2 || s.size(0) != n || s.size(1) != k) {
            throw new IllegalStateException("model " + dir + " returned " + t.dataType() + " " + s
                    + ", expected float [" + n + ", " + k + "]");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bundle.close();
        }
    }

    private static Signature signature(SavedModelBundle bundle, String key, Path dir) {
        return bundle.signatures().stream()
                .filter(s -> s.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("SavedModel " + dir + " has no signature '" + key
                        + "' (has " + bundle.signatures().stream().map(Signature::key).toList() + ")"));
    }

    private static String tensorName(Map<String, Signature.TensorDescription> m, String name, String what, Path dir) {
        Signature.TensorDescription d = m.get(name);
        if (d == null) {
            throw new IllegalArgumentException("SavedModel " + dir + ": signature has no " + what + " '" + name
                    + "' (has " + m.keySet() + ")");
        }
        return d.name;
    }

    private static void checkInput(Signature.TensorDescription d, ModelInput in, Path dir) {
        Shape s = d.shape;
        // A fixed batch dimension would fail every partial batch and every one-image retry.
        boolean ok = d.dataType == DataType.DT_FLOAT && s.numDimensions() == 4 && s.size(0) == Shape.UNKNOWN_SIZE
                && s.size(1) == in.height() && s.size(2) == in.width() && s.size(3) == in.channels();
        if (!ok) {
            throw new IllegalArgumentException("SavedModel " + dir + ": input is " + d.dataType + " " + s
                    + " but the model card says float [-1, " + in.height() + ", " + in.width() + ", " + in.channels() + "]");
        }
    }

    private static void checkOutput(Signature.TensorDescription d, int bits, Path dir) {
        Shape s = d.shape;
        if (d.dataType != DataType.DT_FLOAT || s.numDimensions() != 2 || s.size(1) != bits) {
            throw new IllegalArgumentException("SavedModel " + dir + ": output " + d.name + " is " + d.dataType + " " + s
                    + " but the model card says float [N, " + bits + "]");
        }
    }
}
