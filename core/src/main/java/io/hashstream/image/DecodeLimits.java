package io.hashstream.image;

/**
 * Bounds that {@link SafeImageDecoder} enforces before it allocates pixels.
 *
 * @param maxBytes largest accepted encoded size in bytes
 * @param maxPixels largest accepted width × height declared by the header
 * @param targetWidth if &gt; 0, large images are decoded with source subsampling down to no less than
 *     this width (and {@code targetHeight}); 0 decodes at full resolution
 * @param targetHeight see {@code targetWidth}; both are 0 or both are positive
 */
public record DecodeLimits(long maxBytes, long maxPixels, int targetWidth, int targetHeight) {

    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /**
     * Longest side accepted (JPEG's own maximum). Readers size row buffers by the width before reading
     * a row, so a 33,000,000 × 1 PNG of 16-bit RGBA, under the pixel limit, would ask for ~800 MB.
     */
    public static final int MAX_SIDE = 65_535;
    /**
     * Most scans accepted in a JPEG (a progressive file has about 10). The JDK reader outputs the whole
     * image once per scan, so thousands of tiny scans would cost minutes of CPU for a small file.
     */
    public static final int MAX_JPEG_SCANS = 100;

    public DecodeLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        if (targetWidth < 0 || targetHeight < 0 || (targetWidth == 0) != (targetHeight == 0)) {
            throw new IllegalArgumentException(
                    "target size must be both 0 (full resolution) or both positive, got " + targetWidth + "x" + targetHeight);
        }
    }

    /** 32 MiB, 40 MP, full-resolution decoding. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, 0, 0);
    }

    public DecodeLimits withMaxBytes(long bytes) {
        return new DecodeLimits(bytes, maxPixels, targetWidth, targetHeight);
    }

    public DecodeLimits withMaxPixels(long pixels) {
        return new DecodeLimits(maxBytes, pixels, targetWidth, targetHeight);
    }

    /** Subsample large images while decoding, never below {@code width × height}. */
    public DecodeLimits withTarget(int width, int height) {
        return new DecodeLimits(maxBytes, maxPixels, width, height);
    }

    public boolean subsamples() {
        return targetWidth > 0;
    }
}
