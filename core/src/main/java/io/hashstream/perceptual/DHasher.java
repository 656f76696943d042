package io.hashstream.perceptual;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.DecodeLimits;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.image.SafeImageDecoder;
import java.awt.image.BufferedImage;

/**
 * dHash (difference hash), 64 bits: the image's luminance shrunk to 9 × 8 with the shared
 * {@link Preprocessor} (area averaging), then bit {@code 8 r + c} set where pixel (r, c + 1) is brighter
 * than pixel (r, c). Cheap and robust to re-encoding and resizing; weak against crops and overlays. A
 * second baseline next to {@link PdqHasher}.
 *
 * <p>Immutable and thread-safe.
 */
public final class DHasher implements PerceptualHasher {

    public static final int BITS = 64;
    /** A common operating point for 64-bit dHash. */
    public static final int MATCH_THRESHOLD = 10;
    /** Bytes are decoded with subsampling to at least this size. */
    public static final int DECODE_TARGET = 72;

    private static final ModelInput GRID = new ModelInput(8, 9, 1, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);

    private final Preprocessor preprocessor = new Preprocessor();
    private final SafeImageDecoder decoder;

    public DHasher() {
        this(DecodeLimits.defaults());
    }

    public DHasher(DecodeLimits limits) {
        this.decoder = new SafeImageDecoder(limits.withTarget(DECODE_TARGET, DECODE_TARGET));
    }

    @Override
    public String name() {
        return "dhash";
    }

    @Override
    public int bits() {
        return BITS;
    }

    @Override
    public int matchThreshold() {
        return MATCH_THRESHOLD;
    }

    @Override
    public SafeImageDecoder decoder() {
        return decoder;
    }

    @Override
    public PerceptualHash hash(BufferedImage image) {
        float[] grid = preprocessor.preprocess(image, GRID);
        long bits = 0;
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                if (grid[r * 9 + c + 1] > grid[r * 9 + c]) {
                    bits |= 1L << (r * 8 + c);
                }
            }
        }
        return new PerceptualHash(name(), BinaryCode.ofWords(BITS, new long[] {bits}), PerceptualHash.NO_QUALITY);
    }
}
