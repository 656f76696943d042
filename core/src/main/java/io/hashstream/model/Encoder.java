package io.hashstream.model;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ModelInput;

/**
 * Turns a batch of preprocessed images into binary codes. One call per batch: callers collect
 * images (each {@link ModelInput#floatsPerImage()} floats, NHWC order, produced by
 * {@link io.hashstream.image.Preprocessor}) and encode them together.
 */
public interface Encoder extends AutoCloseable {

    /** Identifies the weights: changes whenever the codes could change. */
    String modelId();

    int bits();

    /** The input this encoder expects; preprocessing must produce exactly this. */
    ModelInput input();

    /**
     * Encodes {@code n} images laid out back to back in {@code batch} (at least
     * {@code n * input().floatsPerImage()} floats).
     */
    BinaryCode[] encode(float[] batch, int n);

    @Override
    void close();
}
