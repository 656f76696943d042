package io.hashstream.perceptual;

import io.hashstream.code.BinaryCode;
import java.util.Objects;

/**
 * A perceptual hash of one image.
 *
 * @param hasher {@link PerceptualHasher#name()} of the hasher that made it
 * @param code the hash bits
 * @param quality 0..100 where the hasher has a quality measure (PDQ), {@link #NO_QUALITY} otherwise
 */
public record PerceptualHash(String hasher, BinaryCode code, int quality) {
    public static final int NO_QUALITY = -1;

    public PerceptualHash {
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(code, "code");
        if (quality != NO_QUALITY && (quality < 0 || quality > 100)) {
            throw new IllegalArgumentException("quality must be 0..100 or NO_QUALITY, got " + quality);
        }
    }

    public boolean hasQuality() {
        return quality != NO_QUALITY;
    }

    public int distance(PerceptualHash other) {
        return code.distance(other.code);
    }
}
