package io.hashstream.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.code.BinaryCode;
import io.hashstream.image.ModelInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a SavedModel encoder is: the JSON file {@value #FILE_NAME} next to {@code saved_model.pb}.
 * Serving reads the input contract and the signature from it; the rest documents how the model
 * was made.
 *
 * @param formatVersion version of this card's layout
 * @param method hashing method, e.g. {@code hashnet}, {@code dhn}, {@code random-projection}
 * @param architecture the network, e.g. {@code small-cnn(fc256)}
 * @param bits code length K
 * @param input the preprocessing contract
 * @param dataset what the model was trained on
 * @param seed random seed of the run
 * @param steps optimizer steps taken
 * @param metrics evaluation results (e.g. {@code map@1000}), may be empty
 * @param buildCommit git commit of the code that trained the model, or {@code unknown}
 * @param createdAt ISO-8601 instant of export
 * @param modelId content hash of the exported graph and weights ({@link ModelIds})
 * @param signature the serving signature and its tensor names
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        int formatVersion,
        String method,
        String architecture,
        int bits,
        ModelInput input,
        String dataset,
        long seed,
        long steps,
        Map<String, Double> metrics,
        String buildCommit,
        String createdAt,
        String modelId,
        SignatureNames signature) {

    public static final String FILE_NAME = "model-card.json";
    /**
     * Metric holding the operating Hamming radius calibrated on held-out data (e.g. the largest radius
     * with a false-positive rate ≤ 1e-4 over pairs of different validation images).
     */
    public static final String CALIBRATED_RADIUS_METRIC = "neardup.radius";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelCard {
        BinaryCode.checkBits(bits);
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(input, "input");
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        signature = signature == null ? SignatureNames.DEFAULT : signature;
    }

    /**
     * Names inside the SavedModel: signature key, the input (float32 [N,H,W,C]) and the two outputs
     * (sign codes in {-1, 0, +1} and pre-sign activations, both float32 [N,K]).
     */
    public record SignatureNames(String key, String images, String codes, String activations) {
        public static final SignatureNames DEFAULT = new SignatureNames("encode", "images", "codes", "activations");

        public SignatureNames {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(codes, "codes");
            Objects.requireNonNull(activations, "activations");
        }
    }

    public ModelCard withModelId(String id) {
        return new ModelCard(formatVersion, method, architecture, bits, input, dataset, seed, steps, metrics,
                buildCommit, createdAt, id, signature);
    }

    public ModelCard withMetrics(Map<String, Double> m) {
        return new ModelCard(formatVersion, method, architecture, bits, input, dataset, seed, steps, m,
                buildCommit, createdAt, modelId, signature);
    }

    /** The calibrated operating radius ({@value #CALIBRATED_RADIUS_METRIC}), if the card has one. */
    public java.util.OptionalInt calibratedRadius() {
        Double r = metrics.get(CALIBRATED_RADIUS_METRIC);
        return r == null || r.isNaN() || r < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of((int) Math.round(r));
    }

    public static ModelCard read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        try {
            ModelCard card = JSON.readValue(file.toFile(), ModelCard.class);
            if (card.formatVersion() > FORMAT_VERSION) {
                throw new IllegalArgumentException("model card " + file + " has format " + card.formatVersion()
                        + ", this code reads up to " + FORMAT_VERSION);
            }
            if (card.modelId() == null || card.modelId().isBlank()) {
                // Results and the index key codes by it: a blank id would mix models and break the schema.
                throw new IllegalArgumentException("model card " + file + " has no modelId (the exporter writes"
                        + " ModelIds.of(dir) there)");
            }
            return card;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model card " + file, e);
        }
    }

    public void write(Path modelDir) {
        try {
            Files.createDirectories(modelDir);
            JSON.writeValue(modelDir.resolve(FILE_NAME).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model card into " + modelDir, e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
