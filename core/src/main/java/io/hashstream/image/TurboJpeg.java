package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes plain JPEGs ({@link PlainJpeg}) with libjpeg-turbo through a small JNI binding
 * ({@code core/src/main/c/hashstream_turbojpeg.c}), bit for bit what the JDK's reader returns for them
 * (same IDCT, upsampling and colour conversion; {@code TurboJpegTest} holds it to that) in
 * less than half its CPU time, because the JDK bundles libjpeg 6b without SIMD.
 *
 * <p>Optional. The binding is built when the build machine has libjpeg-turbo's headers
 * ({@code libturbojpeg0-dev}) and runs where {@code libturbojpeg.so.0} is installed; otherwise, or with
 * {@code -Dhashstream.image.turbojpeg=false}, {@link #available()} is false and {@link SafeImageDecoder}
 * uses the JDK reader alone, with the same results.
 *
 * <p>{@link #decode} never refuses an image: anything the library reports, warnings included, returns
 * null, and the caller's usual readers decide (and word) the verdict.
 *
 * <p>Loaded by {@link NativeBinding}: one copy per class loader, so Flink task restarts work.
 */
final class TurboJpeg {

    private static final Logger LOG = LoggerFactory.getLogger(TurboJpeg.class);

    /** System property that turns the native path off ("false"); for comparisons and for doubt. */
    static final String ENABLED_PROPERTY = "hashstream.image.turbojpeg";

    static final String LIBRARY_RESOURCE = "/native/linux-x86_64/libhashstream_turbojpeg.so";

    /**
     * Above this many decoded pixels the JDK reader is used: this path decodes the whole image (at full
     * size, or at its DCT-scaled size) into native memory before subsampling (3 bytes per pixel, 48 MB at
     * the cap), where the JDK reader keeps only the subsampled rows. A DCT-scaled decode counts its
     * scaled pixels, so a 40-megapixel photo at 1/8 (0.6 M pixels) stays on this path.
     */
    static final long MAX_PIXELS = 16_000_000L;

    // TurboJPEG's TJCS_* values (turbojpeg.h).
    private static final int TJCS_YCBCR = 1;
    private static final int TJCS_GRAY = 2;

    private static final String UNAVAILABLE_REASON = load();

    private TurboJpeg() {
    }

    /** True when the binding and libjpeg-turbo are loaded and the property does not turn them off. */
    static boolean available() {
        return UNAVAILABLE_REASON == null;
    }

    /** Why {@link #available()} is false; null when it is true. */
    static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /**
     * Decodes a plain JPEG's first image at full size or keeping every {@code stepX}-th column of every
     * {@code stepY}-th row (ImageIO's source subsampling), as {@code TYPE_3BYTE_BGR} (YCbCr input) or
     * {@code TYPE_BYTE_GRAY}; not oriented.
     *
     * @return the image, or null when this path declines (unavailable, header not understood, not YCbCr
     *     or gray, more than {@link #MAX_PIXELS}, or any error or warning while decoding)
     */
    static BufferedImage decode(byte[] jpeg, Header header, int stepX, int stepY) {
        return decode(jpeg, header, 8, stepX, stepY);
    }

    /**
     * Decodes a plain JPEG's first image at {@code eighths}/8 of its size in each direction (libjpeg's
     * scaled inverse DCT: the reduction happens in the frequency domain, and the full-size image is never
     * made), as {@code TYPE_3BYTE_BGR} or {@code TYPE_BYTE_GRAY}; not oriented. Not the pixels a full
     * decode then shrink gives, so only {@link JpegDecode#DCT_SCALED} uses it.
     *
     * @param eighths 1 to 8
     * @return the image, or null when this path declines (as {@link #decode})
     */
    static BufferedImage decodeScaled(byte[] jpeg, Header header, int eighths) {
        if (eighths < 1 || eighths > 8) {
            throw new IllegalArgumentException("eighths must be 1 to 8: " + eighths);
        }
        return decode(jpeg, header, eighths, 1, 1);
    }

    /** The image at {@code eighths}/8, subsampled by {@code stepX}, {@code stepY}; null when this path declines. */
    private static BufferedImage decode(byte[] jpeg, Header header, int eighths, int stepX, int stepY) {
        if (!available() || header == null) {
            return null;
        }
        boolean gray = header.colorspace == TJCS_GRAY;
        if (!gray && header.colorspace != TJCS_YCBCR || !fits(header, eighths)) {
            return null;
        }
        int width = (scaled(header.width, eighths) - 1) / stepX + 1;
        int height = (scaled(header.height, eighths) - 1) / stepY + 1;
        BufferedImage image = new BufferedImage(width, height,
                gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        return decode(jpeg, gray, eighths, stepX, stepY, pixels, width, height) == 0 ? image : null;
    }

    /** Whether the image at {@code eighths}/8 has at most {@link #MAX_PIXELS} pixels. */
    private static boolean fits(Header header, int eighths) {
        return (long) scaled(header.width, eighths) * scaled(header.height, eighths) <= MAX_PIXELS;
    }

    /** A dimension at {@code eighths}/8 of {@code size}, rounded up, as libjpeg-turbo's {@code TJSCALED}. */
    static int scaled(int size, int eighths) {
        return (int) (((long) size * eighths + 7) / 8);
    }

    /**
     * For a plain YCbCr JPEG whose subsampled size is exactly {@code outWidth·kx × outHeight·ky}
     * ({@code kx}, {@code ky} powers of two): {@link Preprocessor}'s integer box shrink of the image
     * {@link #decode} would give, written into {@code dst} at {@code offset} (row by row, R, G, B) as
     * {@code levels[(box sum + K/2) >> log2 K]}, without making that image in Java.
     *
     * @return false when this path declines (as {@link #decode}; gray files included), with nothing written
     */
    static boolean boxShrink(byte[] jpeg, Header header, int stepX, int stepY, int kx, int ky, int outWidth,
            int outHeight, float[] levels, float[] dst, int offset) {
        return boxShrinkScaled(jpeg, header, 8, stepX, stepY, kx, ky, outWidth, outHeight, levels, dst, offset);
    }

    /**
     * {@link #boxShrink} of the image {@link #decodeScaled} gives at {@code eighths}/8 (8: full size) and
     * then subsamples by {@code stepX}, {@code stepY}.
     */
    static boolean boxShrinkScaled(byte[] jpeg, Header header, int eighths, int stepX, int stepY, int kx, int ky,
            int outWidth, int outHeight, float[] levels, float[] dst, int offset) {
        if (!available() || header == null || header.colorspace != TJCS_YCBCR || !fits(header, eighths)) {
            return false;
        }
        return boxShrink(jpeg, eighths, stepX, stepY, kx, ky, outWidth, outHeight, levels, dst, offset) == 0;
    }

    /** Width and height (both positive) and colour space from the frame header; null when the library does not accept it. */
    static Header header(byte[] jpeg) {
        if (!available()) {
            return null;
        }
        int[] values = new int[4];
        return header(jpeg, values) == 0 ? new Header(values[0], values[1], values[3]) : null;
    }

    record Header(int width, int height, int colorspace) {
    }

    private static native int header(byte[] jpeg, int[] out);

    /**
     * The native call behind {@link #decode} and {@link #decodeScaled}: at {@code eighths}/8, subsampled by
     * {@code stepX}, {@code stepY}, into {@code out}; 0 or a negative code.
     */
    static native int decode(byte[] jpeg, boolean gray, int eighths, int stepX, int stepY, byte[] out, int outWidth,
            int outHeight);


    private static native int boxShrink(byte[] jpeg, int eighths, int stepX, int stepY, int kx, int ky, int outWidth, int outHeight,
            float[] levels, float[] dst, int offset);

    private static String load() {
        String reason = NativeBinding.load(TurboJpeg.class, LIBRARY_RESOURCE, ENABLED_PROPERTY, "libturbojpeg.so.0");
        if (reason == null) {
            LOG.info("JPEG decoding: libjpeg-turbo (native) for plain JPEGs");
        } else {
            LOG.warn("JPEG decoding: the JDK reader only, {}", reason);
        }
        return reason;
    }
}
