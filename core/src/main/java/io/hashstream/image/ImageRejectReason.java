package io.hashstream.image;

/**
 * Why an image was refused. Each reason has a stable dead-letter code {@code image.<snake_case>}; the
 * codes are part of the wire contract (dead-letter records, metrics), so never rename one.
 */
public enum ImageRejectReason {
    /** Zero bytes. */
    EMPTY("image.empty"),
    /** More bytes than {@link DecodeLimits#maxBytes()}; refused before looking at the content. */
    TOO_MANY_BYTES("image.too_many_bytes"),
    /** The header declares more pixels than {@link DecodeLimits#maxPixels()}; refused before any pixel buffer exists. */
    TOO_MANY_PIXELS("image.too_many_pixels"),
    /**
     * A JPEG with more scans than {@link DecodeLimits#MAX_JPEG_SCANS}: a progressive "scan bomb" whose
     * decoding would cost one pass over the whole image per scan; refused before any decoder runs.
     */
    TOO_MANY_SCANS("image.too_many_scans"),
    /** A known image format whose data ends early. */
    TRUNCATED("image.truncated"),
    /** A known image format whose data is invalid (bad checksum, impossible header, undecodable data). */
    CORRUPT("image.corrupt"),
    /** A recognised image format that this decoder deliberately does not read (HEIC, AVIF, PSD, ICO, ...). */
    UNSUPPORTED_FORMAT("image.unsupported_format"),
    /** Bytes that do not start like any image format at all (text, archives, random data). */
    UNKNOWN_FORMAT("image.unknown_format");

    private final String code;

    ImageRejectReason(String code) {
        this.code = code;
    }

    /** The dead-letter reason code, e.g. {@code image.too_many_pixels}. */
    public String code() {
        return code;
    }
}
