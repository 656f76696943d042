package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes lossless WebP with libwebp through a small JNI binding ({@code core/src/main/c/hashstream_webp.c}).
 *
 * <p>Why: TwelveMonkeys' lossless decoder is pure Java and lenient. A 329-byte fuzzing find took it
 * 3.5–5 s of CPU and was accepted; libwebp refuses it as a bitstream error in microseconds. Lossless
 * decoding is exact, so for valid files the image is TwelveMonkeys' (type, size, bytes;
 * {@code LibWebpTest} holds it to that). Extended (VP8X), lossy and animated WebP stay with
 * TwelveMonkeys: lossy decoders may differ in chroma upsampling, and an extended file may carry an ICC
 * profile that TwelveMonkeys applies.
 *
 * <p>Optional, like {@link TurboJpeg}: built where {@code webp/decode.h} is ({@code libwebp-dev}), used
 * where {@code libwebp.so.7} is, off with {@code -Dhashstream.image.libwebp=false}.
 */
final class LibWebp {

    private static final Logger LOG = LoggerFactory.getLogger(LibWebp.class);

    static final String ENABLED_PROPERTY = "hashstream.image.libwebp";

    static final String LIBRARY_RESOURCE = "/native/linux-x86_64/libhashstream_webp.so";

    /** Above this many pixels TwelveMonkeys decodes: this path holds the whole image in native memory (4 B a pixel). */
    static final long MAX_PIXELS = 16_000_000L;

    /** WebPBitstreamFeatures.format of a lossless bitstream. */
    private static final int LOSSLESS = 2;

    private static final String[] STATUS = {"ok", "out of memory", "invalid parameter", "bitstream error",
            "unsupported feature", "suspended", "user abort", "not enough data"};

    private static final String UNAVAILABLE_REASON = load();

    private LibWebp() {
    }

    static boolean available() {
        return UNAVAILABLE_REASON == null;
    }

    static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /** A file's header as libwebp reads it. */
    record Features(int width, int height, boolean alpha, boolean animation, boolean lossless) {
    }

    /** The features, or null when unavailable or libwebp does not accept the header (the caller's other readers decide). */
    static Features features(byte[] webp) {
        if (!available()) {
            return null;
        }
        int[] v = new int[5];
        return features(webp, v) == 0 ? new Features(v[0], v[1], v[2] != 0, v[3] != 0, v[4] == LOSSLESS) : null;
    }

    /**
     * Outcome of {@link #decode}: the image, or libwebp's reason for refusing the file; neither when
     * the failure says nothing about the file (out of native memory, a binding error), so the other
     * readers decide.
     */
    record Decoded(BufferedImage image, String refusal, boolean truncated) {
        boolean declined() {
            return image == null && refusal == null;
        }
    }

    /** libwebp's VP8_STATUS_OUT_OF_MEMORY. */
    private static final int OUT_OF_MEMORY = 1;

    /**
     * Decodes a still lossless WebP at full size or keeping every {@code stepX}-th column of every
     * {@code stepY}-th row, as {@code TYPE_4BYTE_ABGR} (with alpha) or {@code TYPE_3BYTE_BGR}.
     */
    static Decoded decode(byte[] webp, Features features, int stepX, int stepY) {
        int width = (features.width() - 1) / stepX + 1;
        int height = (features.height() - 1) / stepY + 1;
        BufferedImage image = new BufferedImage(width, height,
                features.alpha() ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        return outcome(decode(webp, features.alpha(), stepX, stepY, pixels, width, height), image);
    }

    /** What a native decode's status means for the file. */
    static Decoded outcome(int status, BufferedImage image) {
        if (status == 0) {
            return new Decoded(image, null, false);
        }
        if (status == OUT_OF_MEMORY || status < 0) {
            // The machine's state, not the file's: refusing would dead-letter a valid image for good.
            return new Decoded(null, null, false);
        }
        String reason = status < STATUS.length ? STATUS[status] : "status " + status;
        return new Decoded(null, "libwebp: " + reason, status == 7);
    }

    private static native int features(byte[] webp, int[] out);

    private static native int decode(byte[] webp, boolean alpha, int stepX, int stepY, byte[] out, int outWidth,
            int outHeight);

    private static String load() {
        String reason = NativeBinding.load(LibWebp.class, LIBRARY_RESOURCE, ENABLED_PROPERTY, "libwebp.so.7");
        if (reason == null) {
            LOG.info("WebP decoding: libwebp (native) for lossless WebP");
        } else {
            LOG.warn("WebP decoding: TwelveMonkeys only, {}", reason);
        }
        return reason;
    }
}
