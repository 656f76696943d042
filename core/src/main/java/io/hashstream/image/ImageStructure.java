package io.hashstream.image;

import java.util.zip.CRC32;

/**
 * Cheap container-level checks before any decoder runs. They make truncation and corruption refusals
 * precise and deterministic where decoders are lenient: the JDK PNG reader never verifies CRCs, and
 * libjpeg turns a missing tail into grey pixels with only a warning.
 */
final class ImageStructure {
    private static final int PNG_SIGNATURE = 8;
    private static final int IHDR = chunkType("IHDR");
    private static final int IEND = chunkType("IEND");

    private ImageStructure() {
    }

    /** @param maxPixels the decoder's pixel limit, which also bounds the buffers a TIFF's tags size */
    static void check(ImageFormat format, byte[] b, long maxPixels) throws ImageRejectedException {
        switch (format) {
            case PNG -> checkPng(b);
            case JPEG -> checkJpeg(b);
            case WEBP -> checkRiff(b);
            case GIF -> checkGif(b);
            case BMP -> checkBmp(b);
            case TIFF -> checkTiff(b, maxPixels);
            default -> { }
        }
    }

    private static final int TIFF_BITS_PER_SAMPLE = 258;
    private static final int TIFF_SAMPLES_PER_PIXEL = 277;
    private static final int TIFF_TILE_WIDTH = 322;
    private static final int TIFF_TILE_LENGTH = 323;

    /**
     * What a TIFF reader sizes buffers from, in the first IFD's tags, beyond the width × height that is
     * checked against the pixel limit like every format's: a tile may take at most the bytes of an RGBA
     * image at the pixel limit (4 per pixel), neither side longer than the longest image side, and a
     * pixel at most 16 bytes (4 samples of 32 bits). Otherwise a 1×1 image with tiles of 2^31 × 16
     * pixels, or 16 samples of 64 bits, makes the reader ask for gigabytes, and an OutOfMemoryError with
     * the heap half full (normal with the index in heap state) fails the task instead of refusing the
     * file. Strips are rows of the image, so the pixel limit and the side limit bound them.
     */
    private static void checkTiff(byte[] b, long maxPixels) throws ImageRejectedException {
        boolean little = b[0] == 'I';
        if (b.length < 8) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "TIFF header incomplete");
        }
        long ifd = u32(b, 4, little);
        if (ifd < 8 || ifd + 2 > b.length) {
            throw new ImageRejectedException(ifd < 8 ? ImageRejectReason.CORRUPT : ImageRejectReason.TRUNCATED,
                    "TIFF's first IFD at byte " + ifd + " of " + b.length);
        }
        int p = (int) ifd;
        int entries = u16(b, p, little);
        if (p + 2 + 12L * entries > b.length) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "TIFF's first IFD runs past the end");
        }
        long samples = 1;
        long bits = 1;
        long tileWidth = 0;
        long tileLength = 0;
        for (int i = 0; i < entries; i++) {
            int e = p + 2 + 12 * i;
            int tag = u16(b, e, little);
            switch (tag) {
                case TIFF_SAMPLES_PER_PIXEL -> samples = tiffValue(b, e, little, 0);
                case TIFF_TILE_WIDTH -> tileWidth = tiffValue(b, e, little, 0);
                case TIFF_TILE_LENGTH -> tileLength = tiffValue(b, e, little, 0);
                case TIFF_BITS_PER_SAMPLE -> {
                    long count = Math.min(u32(b, e + 4, little), 64);
                    for (int k = 0; k < count; k++) {
                        bits = Math.max(bits, tiffValue(b, e, little, k));
                    }
                }
                default -> { }
            }
        }
        long bytesPerPixel = samples * ((bits + 7) / 8);
        if (samples < 1 || bits < 1 || bytesPerPixel > 16) {
            throw new ImageRejectedException(ImageRejectReason.CORRUPT,
                    "TIFF declares " + samples + " samples of " + bits + " bits per pixel");
        }
        long tile = saturatedProduct(tileWidth, tileLength);
        long longestTileSide = DecodeLimits.MAX_SIDE + 1; // tile sides are multiples of 16
        long budget = saturatedProduct(4, maxPixels);
        if (tileWidth > longestTileSide || tileLength > longestTileSide || tile > budget / bytesPerPixel) {
            throw new ImageRejectedException(ImageRejectReason.TOO_MANY_PIXELS, "TIFF tiles of " + tileWidth + "x"
                    + tileLength + " pixels of " + bytesPerPixel + " bytes: more than " + budget
                    + " bytes (4 per pixel of the " + maxPixels + "-pixel limit) or a side over " + longestTileSide);
        }
    }

    /**
     * Value {@code k} of a SHORT or LONG entry: in the entry's 4 value bytes when it fits, else at the
     * offset those bytes hold. Other types, or values past the end, read as 0.
     */
    private static long tiffValue(byte[] b, int entry, boolean little, int k) {
        int type = u16(b, entry + 2, little);
        long count = u32(b, entry + 4, little);
        int size = type == 3 ? 2 : type == 4 ? 4 : 0;
        if (size == 0 || k >= count) {
            return 0;
        }
        long at = size * count <= 4 ? entry + 8 + (long) size * k : u32(b, entry + 8, little) + (long) size * k;
        if (at + size > b.length) {
            return 0;
        }
        return size == 2 ? u16(b, (int) at, little) : u32(b, (int) at, little);
    }

    /** a × b for non-negative values, Long.MAX_VALUE when it overflows (two 32-bit fields can). */
    private static long saturatedProduct(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 : (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static long u32(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24
                : u32be(b, p);
    }

    /** Every chunk complete with a correct CRC, IHDR first, up to IEND (bytes after IEND are ignored). */
    private static void checkPng(byte[] b) throws ImageRejectedException {
        CRC32 crc = new CRC32();
        int p = PNG_SIGNATURE;
        boolean first = true;
        while (true) {
            if (p + 8 > b.length) {
                throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "PNG ends before IEND at byte " + p);
            }
            long length = u32be(b, p);
            int type = (int) u32be(b, p + 4);
            if (length > Integer.MAX_VALUE) {
                throw new ImageRejectedException(ImageRejectReason.CORRUPT, "PNG chunk length " + length + " at byte " + p);
            }
            if (first && (type != IHDR || length != 13)) {
                throw new ImageRejectedException(ImageRejectReason.CORRUPT, "PNG does not start with a 13-byte IHDR");
            }
            long end = p + 8 + length + 4;
            if (end > b.length) {
                throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "PNG chunk at byte " + p + " runs past the end");
            }
            crc.reset();
            crc.update(b, p + 4, (int) length + 4);
            if (crc.getValue() != u32be(b, p + 8 + (int) length)) {
                throw new ImageRejectedException(ImageRejectReason.CORRUPT, "PNG chunk CRC mismatch at byte " + p);
            }
            if (type == IEND) {
                return;
            }
            first = false;
            p = (int) end;
        }
    }

    /** A JPEG ends with the EOI marker (trailing bytes after it are tolerated, as every viewer does). */
    private static void checkJpeg(byte[] b) throws ImageRejectedException {
        boolean ends = false;
        for (int i = b.length - 2; i >= 2 && !ends; i--) {
            ends = (b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9;
        }
        if (!ends) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "JPEG has no end-of-image marker");
        }
        int scans = jpegScans(b);
        if (scans > DecodeLimits.MAX_JPEG_SCANS) {
            throw new ImageRejectedException(ImageRejectReason.TOO_MANY_SCANS,
                    "JPEG has " + scans + " scans, limit " + DecodeLimits.MAX_JPEG_SCANS);
        }
    }

    /**
     * Start-of-scan markers up to the first end-of-image: marker segments are skipped by their length
     * (an SOS byte pair inside an APPn payload is not a scan), entropy-coded data byte by byte, where
     * 0xFF is followed by a stuffed 0x00, a restart marker or the next marker. Linear in the file.
     */
    static int jpegScans(byte[] b) {
        int scans = 0;
        int p = 2;
        while (p + 1 < b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                p++; // entropy-coded data
                continue;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xD9) {
                break;
            }
            if (marker == 0xFF) {
                p++; // fill byte
            } else if (marker == 0x00 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
                p += 2; // stuffed byte, TEM, RSTn, SOI: no length
            } else if (p + 3 < b.length) {
                scans += marker == 0xDA ? 1 : 0;
                p += 2 + ((b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF)); // an SOS header, then its data
            } else {
                break;
            }
        }
        return scans;
    }

    /**
     * Walks GIF blocks up to the end of the first image's data (the only frame decoded): the JDK reader
     * reports a cut inside the LZW data as a generic I/O error, this tells truncation apart.
     */
    private static void checkGif(byte[] b) throws ImageRejectedException {
        int p = 13; // signature + logical screen descriptor
        if (p > b.length) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "GIF header incomplete");
        }
        if ((b[10] & 0x80) != 0) {
            p += 3 * (1 << ((b[10] & 7) + 1));
        }
        while (true) {
            int block = byteAt(b, p++, "GIF ends before its first image");
            if (block == 0x21) { // extension: label, then data sub-blocks
                p = skipSubBlocks(b, p + 1);
            } else if (block == 0x2C) { // image descriptor, optional local colour table, LZW data
                int packed = byteAt(b, p + 8, "GIF image descriptor incomplete");
                p += 9;
                if ((packed & 0x80) != 0) {
                    p += 3 * (1 << ((packed & 7) + 1));
                }
                skipSubBlocks(b, p + 1);
                return;
            } else {
                throw new ImageRejectedException(ImageRejectReason.CORRUPT,
                        String.format("GIF block 0x%02x at byte %d before any image", block, p - 1));
            }
        }
    }

    private static int skipSubBlocks(byte[] b, int p) throws ImageRejectedException {
        while (true) {
            int size = byteAt(b, p, "GIF data ends inside a block");
            p += 1 + size;
            if (size == 0) {
                return p;
            }
        }
    }

    private static int byteAt(byte[] b, int at, String whatIfMissing) throws ImageRejectedException {
        if (at >= b.length) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED, whatIfMissing);
        }
        return b[at] & 0xFF;
    }

    /** The BMP file header declares the file size; fewer bytes than the pixel data offset is a cut file. */
    private static void checkBmp(byte[] b) throws ImageRejectedException {
        if (b.length < 26) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "BMP headers incomplete");
        }
        long dataOffset = (b[10] & 0xFFL) | (b[11] & 0xFFL) << 8 | (b[12] & 0xFFL) << 16 | (b[13] & 0xFFL) << 24;
        if (dataOffset > b.length) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "BMP pixel data starts past the end");
        }
    }

    /** The RIFF header's length must fit in the bytes we have. */
    private static void checkRiff(byte[] b) throws ImageRejectedException {
        if (b.length < 12) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "RIFF header incomplete");
        }
        long declared = (b[4] & 0xFFL) | (b[5] & 0xFFL) << 8 | (b[6] & 0xFFL) << 16 | (b[7] & 0xFFL) << 24;
        if (8 + declared > b.length) {
            throw new ImageRejectedException(ImageRejectReason.TRUNCATED,
                    "RIFF declares " + (8 + declared) + " bytes, got " + b.length);
        }
        // The first chunk (VP8, VP8L or VP8X) must fit too: a VP8L chunk declared longer than the data
        // makes TwelveMonkeys' lossless decoder read past the end, where each bit costs an EOFException:
        // a 162-byte file found by fuzzing took about a minute to decode.
        if (b.length >= 20) {
            long chunk = (b[16] & 0xFFL) | (b[17] & 0xFFL) << 8 | (b[18] & 0xFFL) << 16 | (b[19] & 0xFFL) << 24;
            if (20 + chunk > Math.min(b.length, 8 + declared)) {
                throw new ImageRejectedException(ImageRejectReason.TRUNCATED,
                        "first WebP chunk declares " + chunk + " bytes, " + (Math.min(b.length, 8 + declared) - 20) + " present");
            }
        }
    }

    private static long u32be(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static int chunkType(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
