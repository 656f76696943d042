package io.hashstream.training.baseline;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.data.Dataset;

/**
 * An unsupervised (or supervised) hashing method that learns from a data set and then maps
 * preprocessed images to K-bit codes. Baselines and learned models are compared through this.
 */
public interface HashingMethod {

    /** Short name for tables, e.g. {@code LSH}. */
    String name();

    int bits();

    /** Learns the method's parameters from {@code train}; must be called before {@link #encode}. */
    void fit(Dataset train);

    /** Encodes {@code n} images stored back to back (NHWC floats, the fitted data's layout). */
    BinaryCode[] encode(float[] images, int n);

    default BinaryCode[] encode(Dataset data) {
        return encode(data.images(), data.size());
    }
}
