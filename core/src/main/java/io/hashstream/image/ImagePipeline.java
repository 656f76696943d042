package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The one path from encoded image bytes to model input, called by training and by the streaming job
 * alike, so their inputs cannot drift apart: {@link SafeImageDecoder} (with subsampling towards
 * {@link #OVERSAMPLING} × the model's input size) then {@link Preprocessor}.
 *
 * <p>Why decode at a multiple of the input size rather than at it: subsampling picks every n-th pixel,
 * which aliases; leaving a few source pixels per output pixel lets the area-averaging resize do the
 * smoothing, so two resolutions of one picture give nearly the same input. It is part of
 * {@link Preprocessor#VERSION}.
 *
 * <p>Thread-safe; share one instance.
 */
public final class ImagePipeline {

    /** Decode to at least this many source pixels per model pixel in each direction (when the image has them). */
    public static final int OVERSAMPLING = 4;

    private final ModelInput input;
    private final SafeImageDecoder decoder;
    private final Preprocessor preprocessor = new Preprocessor();

    /** Default byte and pixel limits ({@link DecodeLimits#defaults()}). */
    public ImagePipeline(ModelInput input) {
        this(input, DecodeLimits.defaults());
    }

    /** {@code limits}' byte and pixel bounds; its target size is replaced by the model's. */
    public ImagePipeline(ModelInput input, DecodeLimits limits) {
        this.input = Objects.requireNonNull(input, "input");
        if (input.preprocessingVersion() != Preprocessor.VERSION) {
            throw new IllegalArgumentException("model expects preprocessing version " + input.preprocessingVersion()
                    + ", this code is version " + Preprocessor.VERSION);
        }
        this.decoder = new SafeImageDecoder(
                limits.withTarget(input.width() * OVERSAMPLING, input.height() * OVERSAMPLING));
    }

    public ModelInput input() {
        return input;
    }

    public SafeImageDecoder decoder() {
        return decoder;
    }

    /** {@code input().floatsPerImage()} floats in NHWC order. */
    public float[] toModelInput(byte[] bytes) throws ImageRejectedException {
        float[] out = new float[input.floatsPerImage()];
        toModelInput(bytes, out, 0);
        return out;
    }

    /** Writes the model input for {@code bytes} into {@code dst} at {@code offset} (for batches). */
    public void toModelInput(byte[] bytes, float[] dst, int offset) throws ImageRejectedException {
        preprocessor.preprocess(decoder.decode(bytes), input, dst, offset);
    }

    /**
     * For images already decoded and displayed-oriented (augmentations in training): the same result as
     * if the image had been encoded losslessly and passed to {@link #toModelInput(byte[])}, including the
     * decoder's subsampling of large images.
     */
    public void toModelInput(BufferedImage image, float[] dst, int offset) {
        DecodeLimits l = decoder.limits();
        preprocessor.preprocess(image, input, dst, offset,
                SafeImageDecoder.subsampling(image.getWidth(), l.targetWidth()),
                SafeImageDecoder.subsampling(image.getHeight(), l.targetHeight()));
    }

    public float[] toModelInput(BufferedImage image) {
        float[] out = new float[input.floatsPerImage()];
        toModelInput(image, out, 0);
        return out;
    }
}
