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

    static void check(ImageFormat format, byte[] b) throws ImageRejectedException {
        switch (format) {
            case PNG -> checkPng(b);
            case JPEG -> checkJpeg(b);
            case WEBP -> checkRiff(b);
            default -> { }
        }
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
        for (int i = b.length - 2; i >= 2; i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return;
            }
        }
        throw new ImageRejectedException(ImageRejectReason.TRUNCATED, "JPEG has no end-of-image marker");
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
    }

    private static long u32be(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static int chunkType(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
