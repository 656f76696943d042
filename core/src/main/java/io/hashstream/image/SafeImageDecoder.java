package io.hashstream.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted image bytes with ImageIO (plus the TwelveMonkeys JPEG/WebP/BMP/TIFF plugins), refusing
 * anything hostile with a typed {@link ImageRejectedException}.
 *
 * <p>Order of checks, cheapest first, so that no refusal costs a pixel buffer:
 * <ol>
 *   <li>size: empty, more than {@link DecodeLimits#maxBytes()};</li>
 *   <li>format from the magic bytes ({@link ImageFormat}): unknown or deliberately unsupported formats stop
 *       here, and the reader is chosen by format, not by letting every plugin probe the bytes (plain
 *       YCbCr/gray JPEGs, {@link PlainJpeg}, go first to the JDK's reader that TwelveMonkeys would delegate
 *       to anyway, without its per-image header parsing; if that refuses them, TwelveMonkeys decides how);</li>
 *   <li>cheap structural checks ({@code ImageStructure}): PNG chunk CRCs and IEND, JPEG end-of-image
 *       marker, RIFF length, GIF blocks up to the end of the first frame, BMP header;</li>
 *   <li>the header via {@link ImageReader#getWidth}/{@link ImageReader#getHeight} of the first image:
 *       more than {@link DecodeLimits#maxPixels()} is refused before {@code read} allocates anything;</li>
 *   <li>decoding of the first image (first frame of an animated GIF), with source subsampling when a
 *       target size is set, keeping at least the target size in each direction; JPEG decoder warnings
 *       about missing or broken data are refusals, not grey pixels. Plain JPEGs go first to
 *       libjpeg-turbo when {@link TurboJpeg} is available: the JDK reader's exact pixels in less than
 *       half the time; whenever it declines (any warning or error), the readers above decide.</li>
 * </ol>
 * JPEG EXIF orientation is applied, so the result is the image as viewers display it. Colour handling
 * (alpha, palettes, 16-bit samples) is left to {@link Preprocessor}.
 *
 * <p>Plugins come from ImageIO's JVM-wide registry, filled from the classpath of the thread that first
 * touches ImageIO. On a Flink cluster put the TwelveMonkeys jars where that classpath sees them (Flink's
 * {@code lib/}, or the same jar as this class in the embedded/MiniCluster setup); without them CMYK JPEGs
 * and WebP are refused as {@code image.corrupt} / {@code image.unsupported_format}.
 *
 * <p>Thread-safe: instances are immutable and every call uses its own {@link ImageReader} (readers are
 * not thread-safe), so one decoder can be shared by all threads.
 */
public final class SafeImageDecoder {

    static {
        // ImageIO's default caches stream data in temp files: under load that is disk I/O and files
        // left behind on crashes, for data that is already in memory.
        ImageIO.setUseCache(false);
    }

    private final DecodeLimits limits;
    private final boolean nativeJpeg;
    private final boolean nativeWebp;

    public SafeImageDecoder(DecodeLimits limits) {
        this(limits, true, true);
    }

    private SafeImageDecoder(DecodeLimits limits, boolean nativeJpeg, boolean nativeWebp) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nativeJpeg = nativeJpeg;
        this.nativeWebp = nativeWebp;
    }

    public SafeImageDecoder() {
        this(DecodeLimits.defaults());
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * This decoder with libjpeg-turbo for plain JPEGs turned on (when {@link #nativeJpegAvailable()}) or
     * off. Both give the same pixels; off is for side-by-side comparisons.
     */
    public SafeImageDecoder withNativeJpeg(boolean use) {
        return new SafeImageDecoder(limits, use, nativeWebp);
    }

    /**
     * This decoder with libwebp for lossless WebP turned on (when available) or off. Valid files give the
     * same pixels either way; damaged ones that TwelveMonkeys would still decode are refused with it on.
     */
    public SafeImageDecoder withNativeWebp(boolean use) {
        return new SafeImageDecoder(limits, nativeJpeg, use);
    }

    /** Whether plain JPEGs can be decoded by libjpeg-turbo in this JVM (see {@link TurboJpeg}). */
    public static boolean nativeJpegAvailable() {
        return TurboJpeg.available();
    }

    /** Why {@link #nativeJpegAvailable()} is false, or null. */
    public static String nativeJpegUnavailableReason() {
        return TurboJpeg.unavailableReason();
    }

    /** Whether lossless WebP can be decoded by libwebp in this JVM (see {@link LibWebp}). */
    public static boolean nativeWebpAvailable() {
        return LibWebp.available();
    }

    /** Decodes the first image in {@code bytes}, oriented for display. */
    public BufferedImage decode(byte[] bytes) throws ImageRejectedException {
        ImageFormat format = checkFormat(bytes);
        ExifOrientation orientation = format == ImageFormat.JPEG ? ExifOrientation.ofJpeg(bytes) : ExifOrientation.NORMAL;
        if (format == ImageFormat.WEBP && nativeWebp) {
            BufferedImage image = readNativeWebp(bytes);
            if (image != null) {
                return image;
            }
        }
        if (format == ImageFormat.JPEG && PlainJpeg.isPlain(bytes)) {
            if (nativeJpeg) {
                BufferedImage image = readNativeJpeg(bytes, orientation);
                if (image != null) {
                    return image;
                }
            }
            ImageReader jdk = jdkJpegReader();
            if (jdk != null) {
                try {
                    return read(jdk, format, bytes, orientation, true);
                } catch (ImageRejectedException e) {
                    // Damaged, or any warning: let the registry's reader decide, so the verdict (and its
                    // reason) stays what it always was. Costs a second attempt only for such files.
                }
            }
        }
        return read(readerFor(format), format, bytes, orientation, false);
    }

    /**
     * What a decode of {@code bytes} by libjpeg-turbo, in display orientation already, would read: its
     * header and this decoder's subsampling steps. Null unless the file is a plain, upright JPEG that
     * this decoder would hand to libjpeg-turbo first. For {@link ImagePipeline}'s decode-and-shrink path;
     * throws what {@link #decode} throws for the file's size and format.
     */
    NativeJpegPlan nativeJpegPlan(byte[] bytes) throws ImageRejectedException {
        if (!nativeJpeg || !TurboJpeg.available() || checkFormat(bytes) != ImageFormat.JPEG || !PlainJpeg.isPlain(bytes)
                || ExifOrientation.ofJpeg(bytes) != ExifOrientation.NORMAL) {
            return null;
        }
        TurboJpeg.Header header = TurboJpeg.header(bytes);
        if (header == null || (long) header.width() * header.height() > limits.maxPixels()) {
            return null;
        }
        int[] steps = steps(header.width(), header.height(), ExifOrientation.NORMAL);
        return new NativeJpegPlan(header, steps[0], steps[1]);
    }

    /** @see #nativeJpegPlan */
    record NativeJpegPlan(TurboJpeg.Header header, int stepX, int stepY) {
        int width() {
            return (header.width() - 1) / stepX + 1;
        }

        int height() {
            return (header.height() - 1) / stepY + 1;
        }
    }

    /**
     * libjpeg-turbo for a plain JPEG: the JDK reader's pixels, faster. Null when it declines, and the JDK
     * reader then decodes (and refuses) as always; sizes over the limit are left to it too, so every
     * verdict and its wording come from one place.
     */
    private BufferedImage readNativeJpeg(byte[] bytes, ExifOrientation orientation) {
        TurboJpeg.Header header = TurboJpeg.header(bytes);
        if (header == null || (long) header.width() * header.height() > limits.maxPixels()) {
            return null;
        }
        int[] steps = steps(header.width(), header.height(), orientation);
        BufferedImage image = TurboJpeg.decode(bytes, header, steps[0], steps[1]);
        return image == null ? null : orientation.apply(image);
    }

    /**
     * libwebp for a simple lossless WebP (RIFF + one VP8L chunk): TwelveMonkeys' pixels for valid files,
     * and a refusal where libwebp finds the bitstream broken, without a slow lenient decode first. Null
     * (TwelveMonkeys decides) when unavailable, when libwebp cannot read the header, for extended files
     * (VP8X: an ICC profile there is TwelveMonkeys' business), lossy or animated ones, and above
     * {@link LibWebp#MAX_PIXELS}.
     */
    private BufferedImage readNativeWebp(byte[] bytes) throws ImageRejectedException {
        if (bytes.length < 16 || bytes[12] != 'V' || bytes[13] != 'P' || bytes[14] != '8' || bytes[15] != 'L') {
            return null;
        }
        LibWebp.Features features = LibWebp.features(bytes);
        if (features == null || !features.lossless() || features.animation()) {
            return null;
        }
        checkDimensions(features.width(), features.height());
        if ((long) features.width() * features.height() > LibWebp.MAX_PIXELS) {
            return null;
        }
        int[] steps = steps(features.width(), features.height(), ExifOrientation.NORMAL);
        LibWebp.Decoded decoded = LibWebp.decode(bytes, features, steps[0], steps[1]);
        if (decoded.declined()) {
            return null;
        }
        if (decoded.image() == null) {
            throw new ImageRejectedException(decoded.truncated() ? ImageRejectReason.TRUNCATED : ImageRejectReason.CORRUPT,
                    ImageFormat.WEBP + ": " + decoded.refusal());
        }
        return decoded.image();
    }

    /** Source subsampling {x, y} that keeps at least the target size of the image as it is displayed. */
    private int[] steps(int width, int height, ExifOrientation orientation) {
        int sx = subsampling(orientation.swapsAxes() ? height : width, limits.targetWidth());
        int sy = subsampling(orientation.swapsAxes() ? width : height, limits.targetHeight());
        return orientation.swapsAxes() ? new int[] {sy, sx} : new int[] {sx, sy};
    }

    /**
     * @param anyWarningRejects refuse on any warning, harmless ones included: libjpeg reports only the
     *     first warning of an image, so a harmless one (an unknown JFIF revision) can hide a later
     *     "premature end of data segment", which TwelveMonkeys reported on the same bytes.
     */
    private BufferedImage read(ImageReader reader, ImageFormat format, byte[] bytes, ExifOrientation orientation,
            boolean anyWarningRejects) throws ImageRejectedException {
        List<String> warnings = new ArrayList<>(2);
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.addIIOReadWarningListener(collect(warnings));
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height);
            ImageReadParam param = reader.getDefaultReadParam();
            int[] steps = steps(width, height, orientation);
            if (steps[0] > 1 || steps[1] > 1) {
                param.setSourceSubsampling(steps[0], steps[1], 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            checkWarnings(warnings);
            if (anyWarningRejects && !warnings.isEmpty()) {
                throw new ImageRejectedException(ImageRejectReason.CORRUPT, format + ": " + warnings.get(0));
            }
            return orientation.apply(image);
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageRejectedException(isEndOfData(e) ? ImageRejectReason.TRUNCATED : ImageRejectReason.CORRUPT,
                    format + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Plugins are not hardened against hostile data: any runtime exception from them (index out of
            // bounds, RasterFormatException, CMMException for a broken ICC profile, ...) means "undecodable".
            throw new ImageRejectedException(ImageRejectReason.CORRUPT, format + ": " + e, e);
        } catch (OutOfMemoryError e) {
            // A buffer sized from a field the checks above do not cover (a TIFF tile of 2^31 pixels for a
            // 1x1 image): one failed allocation while most of the heap is free is the file's doing; refuse
            // it and keep the job. With the heap mostly full it is the JVM's state, not the file's: rethrow,
            // so the task fails over and the file is tried again, rather than dead-lettered for good.
            if (!mostOfTheHeapIsFree()) {
                throw e;
            }
            throw new ImageRejectedException(ImageRejectReason.CORRUPT, format + ": the decoder asked for more memory"
                    + " than the heap has (" + e.getMessage() + ")", e);
        } finally {
            reader.dispose();
        }
    }

    private static boolean mostOfTheHeapIsFree() {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return free > rt.maxMemory() / 2;
    }

    /** Size and format checks on the raw bytes, before any reader exists. */
    private ImageFormat checkFormat(byte[] bytes) throws ImageRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ImageRejectReason.EMPTY, "no bytes");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(ImageRejectReason.TOO_MANY_BYTES,
                    bytes.length + " bytes, limit " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            throw new ImageRejectedException(ImageRejectReason.UNKNOWN_FORMAT, "bytes match no image format");
        }
        if (!format.supported()) {
            throw new ImageRejectedException(ImageRejectReason.UNSUPPORTED_FORMAT, format + " is not decoded");
        }
        ImageStructure.check(format, bytes, limits.maxPixels());
        return format;
    }

    private void checkDimensions(int width, int height) throws ImageRejectedException {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(ImageRejectReason.CORRUPT, "header declares " + width + "x" + height);
        }
        if ((long) width * height > limits.maxPixels()) {
            throw new ImageRejectedException(ImageRejectReason.TOO_MANY_PIXELS,
                    width + "x" + height + " = " + (long) width * height + " pixels, limit " + limits.maxPixels());
        }
        if (Math.max(width, height) > DecodeLimits.MAX_SIDE) {
            throw new ImageRejectedException(ImageRejectReason.TOO_MANY_PIXELS,
                    width + "x" + height + ": a side longer than " + DecodeLimits.MAX_SIDE + " pixels");
        }
    }

    /** Largest step that keeps at least {@code target} samples out of {@code size}; 1 = every sample. */
    static int subsampling(int size, int target) {
        return target <= 0 ? 1 : Math.max(1, size / target);
    }

    private static ImageReader readerFor(ImageFormat format) throws ImageRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new ImageRejectedException(ImageRejectReason.UNSUPPORTED_FORMAT, "no ImageIO reader for " + format);
        }
        // TwelveMonkeys orders its readers before the JDK's (CMYK JPEG, ICC profiles), so first is best.
        return readers.next();
    }

    private static volatile ImageReaderSpi jdkJpeg;

    /** A new instance of the JDK's own JPEG reader (what TwelveMonkeys delegates to); null if this JDK has none. */
    private static ImageReader jdkJpegReader() {
        ImageReaderSpi spi = jdkJpeg;
        if (spi == null) {
            Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class,
                    p -> JDK_JPEG_READER_SPI.equals(p.getClass().getName()), false);
            if (!it.hasNext()) {
                return null;
            }
            spi = it.next();
            jdkJpeg = spi;
        }
        try {
            return spi.createReaderInstance();
        } catch (IOException e) {
            return null; // the JDK's spi never throws here; the registry's reader is then used
        }
    }

    private static final String JDK_JPEG_READER_SPI = "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi";

    private static IIOReadWarningListener collect(List<String> warnings) {
        return (source, warning) -> {
            if (warnings.size() < 16) {
                warnings.add(warning == null ? "" : warning);
            }
        };
    }

    /**
     * libjpeg (behind both JPEG readers) reports missing or damaged entropy-coded data as warnings and
     * fills the gap with grey. Those images are refused; harmless warnings (extraneous bytes between
     * markers, common in camera files; metadata quirks) are not.
     */
    private static void checkWarnings(List<String> warnings) throws ImageRejectedException {
        for (String w : warnings) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncated")) {
                throw new ImageRejectedException(ImageRejectReason.TRUNCATED, w);
            }
            if ((lower.contains("corrupt") && !lower.contains("extraneous bytes")) || lower.contains("huffman")
                    || lower.contains("invalid")) {
                throw new ImageRejectedException(ImageRejectReason.CORRUPT, w);
            }
        }
    }

    private static boolean isEndOfData(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("end of") || lower.contains("premature") || lower.contains("truncated")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
