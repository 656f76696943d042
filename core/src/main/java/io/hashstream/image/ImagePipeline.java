package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>One deliberate exception, off by default: {@link JpegDecode#DCT_SCALED} lets the streaming job
 * reduce JPEGs in libjpeg-turbo's inverse DCT, which no training input went through. It is a serving
 * trade (cheaper decoding for codes a few bits off), measured against this path, not a second path
 * that models are trained for.
 *
 * <p>Thread-safe; share one instance.
 */
public final class ImagePipeline {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePipeline.class);

    /** Decode to at least this many source pixels per model pixel in each direction (when the image has them). */
    public static final int OVERSAMPLING = 4;

    /**
     * {@link JpegDecode#DCT_SCALED} reduces a JPEG in the DCT to at least this many pixels per model pixel
     * in each direction, and the area resize averages the rest. With 1 (straight to the model's size where
     * possible) the codes drifted further from the exact path's: recall at FPR 1e-5 fell from 0.298 to
     * 0.158 and the aspect family's from 0.986 to 0.919; with 2 they match it (BENCHMARKS.md, DCT-scaled
     * JPEG decoding).
     */
    public static final int DCT_OVERSAMPLING = 2;

    private final ModelInput input;
    private final SafeImageDecoder decoder;
    private final JpegDecode jpegDecode;
    private final Preprocessor preprocessor = new Preprocessor();

    /** Default byte and pixel limits ({@link DecodeLimits#defaults()}), exact JPEG decoding. */
    public ImagePipeline(ModelInput input) {
        this(input, DecodeLimits.defaults());
    }

    /** Default byte and pixel limits, JPEGs decoded as {@code jpegDecode} says. */
    public ImagePipeline(ModelInput input, JpegDecode jpegDecode) {
        this(input, DecodeLimits.defaults(), jpegDecode);
    }

    /** {@code limits}' byte and pixel bounds (its target size is replaced by the model's), exact JPEG decoding. */
    public ImagePipeline(ModelInput input, DecodeLimits limits) {
        this(input, limits, JpegDecode.EXACT);
    }

    /** {@code limits}' byte and pixel bounds; its target size is replaced by the model's. */
    public ImagePipeline(ModelInput input, DecodeLimits limits, JpegDecode jpegDecode) {
        this.input = Objects.requireNonNull(input, "input");
        this.jpegDecode = Objects.requireNonNull(jpegDecode, "jpegDecode");
        if (input.preprocessingVersion() != Preprocessor.VERSION) {
            throw new IllegalArgumentException("model expects preprocessing version " + input.preprocessingVersion()
                    + ", this code is version " + Preprocessor.VERSION);
        }
        this.decoder = new SafeImageDecoder(
                limits.withTarget(input.width() * OVERSAMPLING, input.height() * OVERSAMPLING));
        if (jpegDecode == JpegDecode.DCT_SCALED && !TurboJpeg.available()) {
            LOG.warn("jpeg-decode dct-scaled needs libjpeg-turbo ({}): JPEGs are decoded exactly",
                    TurboJpeg.unavailableReason());
        }
    }

    public ModelInput input() {
        return input;
    }

    public SafeImageDecoder decoder() {
        return decoder;
    }

    public JpegDecode jpegDecode() {
        return jpegDecode;
    }

    /** Whether JPEGs are DCT-scaled here: asked for, and libjpeg-turbo loaded in this JVM. */
    public boolean dctScaling() {
        return jpegDecode == JpegDecode.DCT_SCALED && TurboJpeg.available();
    }

    /** {@code input().floatsPerImage()} floats in NHWC order. */
    public float[] toModelInput(byte[] bytes) throws ImageRejectedException {
        float[] out = new float[input.floatsPerImage()];
        toModelInput(bytes, out, 0);
        return out;
    }

    /** Writes the model input for {@code bytes} into {@code dst} at {@code offset} (for batches). */
    public void toModelInput(byte[] bytes, float[] dst, int offset) throws ImageRejectedException {
        boolean dct = jpegDecode == JpegDecode.DCT_SCALED;
        // One plan for both native paths: it reads the file's headers, and the native library's.
        SafeImageDecoder.NativeJpegPlan plan = dct || input.channels() == 3 ? decoder.nativeJpegPlan(bytes) : null;
        if (plan != null && (dct && decodeScaledInDct(plan, bytes, dst, offset)
                || shrinkWhileDecoding(plan, bytes, dst, offset))) {
            return;
        }
        BufferedImage image = decoder.decode(bytes);
        try {
            preprocessor.preprocess(image, input, dst, offset);
        } catch (java.awt.color.CMMException | java.awt.color.ProfileDataException | java.awt.image.RasterFormatException e) {
            // Reading pixels goes through the reader's colour model: a broken embedded ICC profile can
            // throw there, after decoding succeeded. (Anything else is a bug, and stays one.)
            throw new ImageRejectedException(ImageRejectReason.CORRUPT, "pixels could not be converted to RGB: " + e, e);
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
        return plan != null && shrinkWhileDecoding(plan, bytes, dst, offset);
    }

    private boolean shrinkWhileDecoding(SafeImageDecoder.NativeJpegPlan plan, byte[] bytes, float[] dst, int offset) {
        if (input.channels() != 3) {
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
     * {@link JpegDecode#DCT_SCALED}: a plain, upright JPEG decoded by libjpeg-turbo at the smallest
     * {@code M/8} of its size that covers {@link #DCT_OVERSAMPLING} × the model's input, then the area
     * resize. False (nothing written) when the case does not apply (no reduction possible, other formats,
     * rotated, the binding absent or declining); the exact path then decodes, and decides about damaged
     * files, as always.
     */
    boolean decodeScaledInDct(byte[] bytes, float[] dst, int offset) throws ImageRejectedException {
        SafeImageDecoder.NativeJpegPlan plan = decoder.nativeJpegPlan(bytes);
        return plan != null && decodeScaledInDct(plan, bytes, dst, offset);
    }

    private boolean decodeScaledInDct(SafeImageDecoder.NativeJpegPlan plan, byte[] bytes, float[] dst, int offset) {
        int eighths = JpegDecode.eighthsFor(plan.header().width(), plan.header().height(),
                input.width() * DCT_OVERSAMPLING, input.height() * DCT_OVERSAMPLING);
        if (eighths == 8) {
            return false;
        }
        Preprocessor.requireRoom(input, dst, offset);
        int[] k = input.channels() == 3 ? Preprocessor.boxFactors(TurboJpeg.scaled(plan.header().width(), eighths),
                TurboJpeg.scaled(plan.header().height(), eighths), input) : null;
        if (k != null && TurboJpeg.boxShrinkScaled(bytes, plan.header(), eighths, 1, 1, k[0], k[1], input.width(),
                input.height(), Preprocessor.levelsFor(input), dst, offset)) {
            return true; // the usual case, in one native call: a 256×256 JPEG at 1/2, in 2×2 boxes to 64×64×3
        }
        BufferedImage image = TurboJpeg.decodeScaled(bytes, plan.header(), eighths);
        if (image == null) {
            return false;
        }
        preprocessor.preprocess(image, input, dst, offset);
        return true;
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
