package io.hashstream.perceptual;

import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.SafeImageDecoder;
import java.awt.image.BufferedImage;

/** A fixed (not learned) image hash: a baseline for the learned codes and the format of industry hash lists. */
public interface PerceptualHasher {

    /** Short stable name, e.g. {@code pdq}, used in outputs and reports. */
    String name();

    /** Code length in bits. */
    int bits();

    /** Hamming distance at or below which two hashes are taken as the same picture. */
    int matchThreshold();

    /** Hashes an image as displayed (already decoded and oriented). Thread-safe. */
    PerceptualHash hash(BufferedImage image);

    /** The decoder this hasher reads bytes with (its subsampling target suits the hash). */
    SafeImageDecoder decoder();

    /** Decodes untrusted bytes safely, then hashes them. */
    default PerceptualHash hash(byte[] encoded) throws ImageRejectedException {
        return hash(decoder().decode(encoded));
    }
}
