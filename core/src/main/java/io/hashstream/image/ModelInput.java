package io.hashstream.image;

import java.util.Objects;

/**
 * What a model expects as input: size, channels, pixel normalization and the version of the
 * preprocessing code path. Read from the model card; handed to {@link Preprocessor}.
 *
 * @param height image height in pixels
 * @param width image width in pixels
 * @param channels 1 (luminance) or 3 (RGB)
 * @param normalization how 8-bit samples map to floats
 * @param preprocessingVersion the {@link Preprocessor#VERSION} the model was trained with
 */
public record ModelInput(int height, int width, int channels, Normalization normalization, int preprocessingVersion) {

    public ModelInput {
        if (height <= 0 || width <= 0 || height > 4096 || width > 4096) {
            throw new IllegalArgumentException("bad input size " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        Objects.requireNonNull(normalization, "normalization");
    }

    public int floatsPerImage() {
        return height * width * channels;
    }

    /** How an 8-bit sample s in [0, 255] becomes a float. */
    public enum Normalization {
        /** s / 255 */
        ZERO_ONE,
        /** s / 127.5 - 1 */
        MINUS_ONE_ONE;

        public float apply(int sample) {
            return switch (this) {
                case ZERO_ONE -> sample * (1f / 255f);
                case MINUS_ONE_ONE -> sample * (1f / 127.5f) - 1f;
            };
        }
    }
}
