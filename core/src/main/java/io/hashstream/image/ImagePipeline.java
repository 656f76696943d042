package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The one path from encoded image bytes to model input, called by training and by the streaming job
 * alike, so their inputs cannot drift apart: {@link SafeImageDecoder} (with subsampling towards
 * {@link #OVERSAMPLING} × the model's input size) then {@link Preprocessor}; for plain JPEGs that
 * shrink by an integer box, both in one native call with the same result.
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
        if (!shrinkWhileDecoding(bytes, dst, offset)) {
            preprocessor.preprocess(decoder.decode(bytes), input, dst, offset);
        }
    }

    /**
     * The usual case in one native call: a plain, upright JPEG that libjpeg-turbo decodes and that
     * shrinks to an RGB model's size by the integer box (a 256×256 JPEG to 64×64×3). The binding adds
     * up the boxes where libjpeg-turbo decoded the pixels and writes the floats into {@code dst}; the
     * decoded image is never copied into Java. Same floats as decoding and then preprocessing. False
     * (nothing written) when the case does not apply or the library declines; the general path then
     * decodes, and decides about damaged files, as always.
     */
    boolean shrinkWhileDecoding(byte[] bytes, float[] dst, int offset) throws ImageRejectedException {
        if (input.channels() != 3) {
            return false;
        }
        SafeImageDecoder.NativeJpegPlan plan = decoder.nativeJpegPlan(bytes);
        if (plan == null) {
            return false;
        }
        int[] k = Preprocessor.boxFactors(plan.width(), plan.height(), input);
        if (k == null) {
            return false;
        }
        Preprocessor.requireRoom(input, dst, offset);
        return TurboJpeg.boxShrink(bytes, plan.header(), plan.stepX(), plan.stepY(), k[0], k[1], input.width(),
                input.height(), Preprocessor.levelsFor(input), dst, offset);
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
