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
import javax.imageio.stream.ImageInputStream;

/**
 * Test-only snapshot of {@link SafeImageDecoder} as it was before plain JPEGs went to the JDK's reader
 * (commit b3c31d4): every JPEG through the first registered reader, TwelveMonkeys. {@code PlainJpegTest}
 * holds the current decoder to its pixels, and the benchmarks measure against it.
 */
public final class ReferenceSafeImageDecoderV1 {

    static {
        // ImageIO's default caches stream data in temp files: under load that is disk I/O and files
        // left behind on crashes, for data that is already in memory.
        ImageIO.setUseCache(false);
    }

    private final DecodeLimits limits;

    public ReferenceSafeImageDecoderV1(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ReferenceSafeImageDecoderV1() {
        this(DecodeLimits.defaults());
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Decodes the first image in {@code bytes}, oriented for display. */
    public BufferedImage decode(byte[] bytes) throws ImageRejectedException {
        ImageFormat format = checkFormat(bytes);
        ExifOrientation orientation = format == ImageFormat.JPEG ? ExifOrientation.ofJpeg(bytes) : ExifOrientation.NORMAL;
        ImageReader reader = readerFor(format);
        List<String> warnings = new ArrayList<>(2);
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.addIIOReadWarningListener(collect(warnings));
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height);
            ImageReadParam param = reader.getDefaultReadParam();
            int sx = subsampling(orientation.swapsAxes() ? height : width, limits.targetWidth());
            int sy = subsampling(orientation.swapsAxes() ? width : height, limits.targetHeight());
            if (orientation.swapsAxes()) {
                int t = sx;
                sx = sy;
                sy = t;
            }
            if (sx > 1 || sy > 1) {
                param.setSourceSubsampling(sx, sy, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            checkWarnings(warnings);
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
        } finally {
            reader.dispose();
        }
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
