package io.hashstream.image;

import java.util.Locale;

/**
 * How {@link ImagePipeline} turns a plain JPEG into pixels before resizing.
 *
 * <ul>
 *   <li>{@link #EXACT} (the default): every pixel decoded at full size (then source-subsampled towards
 *       {@link ImagePipeline#OVERSAMPLING} × the model's size), as {@link Preprocessor#VERSION} defines
 *       and as the models were trained; the same floats with libjpeg-turbo or the JDK reader.</li>
 *   <li>{@link #DCT_SCALED}: libjpeg's scaled inverse DCT reduces the picture to the smallest
 *       {@code M/8} of its size that still covers {@link ImagePipeline#DCT_OVERSAMPLING} × the model's
 *       input, and the area resize does the rest: a 256×256 JPEG is decoded at 128×128 straight from its
 *       coefficients and shrunk in 2×2 boxes. Much less work than decoding every pixel (the entropy
 *       decoding stays), and the reduction is a low-pass filter of its own. But the pixels are not the
 *       exact path's, so codes can differ by a few bits, and no model was trained on them; opt in after
 *       measuring (BENCHMARKS.md, "DCT-scaled JPEG decoding"). Applies to plain, upright JPEGs that
 *       libjpeg-turbo decodes; every other image (and every JPEG when the binding is not loaded) takes
 *       the exact path.</li>
 * </ul>
 */
public enum JpegDecode {
    EXACT,
    DCT_SCALED;

    /** The setting's spelling: {@code exact} or {@code dct-scaled}. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #setting()}'s spelling. */
    public static JpegDecode parse(String value) {
        for (JpegDecode d : values()) {
            if (d.setting().equalsIgnoreCase(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("jpeg decode must be exact or dct-scaled, not '" + value + "'");
    }

    /**
     * The smallest {@code M} in 1..8 such that {@code M/8} of a {@code width × height} picture (rounded
     * up, as libjpeg-turbo does) is at least {@code targetWidth × targetHeight}; 8 when no reduction keeps
     * the target covered.
     */
    static int eighthsFor(int width, int height, int targetWidth, int targetHeight) {
        for (int m = 1; m < 8; m++) {
            if (TurboJpeg.scaled(width, m) >= targetWidth && TurboJpeg.scaled(height, m) >= targetHeight) {
                return m;
            }
        }
        return 8;
    }
}
