package io.hashstream.image;

import java.nio.charset.StandardCharsets;

/**
 * Image formats recognised by their leading bytes ("magic numbers"). The decoder picks its ImageIO
 * reader from this, never by asking every installed plugin whether it wants the bytes: a loose plugin
 * (WBMP accepts almost anything starting with two zero bytes) must not get to parse hostile input.
 */
public enum ImageFormat {
    JPEG("jpeg", true),
    PNG("png", true),
    GIF("gif", true),
    WEBP("webp", true),
    BMP("bmp", true),
    TIFF("tiff", true),
    // Recognised, refused as image.unsupported_format: no reader on the classpath, or not worth the
    // attack surface (ICO/CUR carry embedded PNG/BMP; nobody sends them as photos).
    HEIF("heif", false),
    AVIF("avif", false),
    JPEG2000("jpeg2000", false),
    JPEG_XL("jxl", false),
    PSD("psd", false),
    ICO("ico", false),
    QOI("qoi", false);

    private final String imageIoName;
    private final boolean supported;

    ImageFormat(String imageIoName, boolean supported) {
        this.imageIoName = imageIoName;
        this.supported = supported;
    }

    /** The ImageIO format name used to find the reader. */
    public String imageIoName() {
        return imageIoName;
    }

    public boolean supported() {
        return supported;
    }

    /** The format the bytes start with, or {@code null} if they look like no image format. */
    public static ImageFormat sniff(byte[] b) {
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWithAscii(b, 0, "GIF87a") || startsWithAscii(b, 0, "GIF89a")) {
            return GIF;
        }
        if (startsWithAscii(b, 0, "RIFF") && startsWithAscii(b, 8, "WEBP")) {
            return WEBP;
        }
        if (startsWithAscii(b, 0, "BM") && (b.length < 10 || (b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0))) {
            return BMP; // "BM", file size, four reserved zero bytes (text starting "BM" has no zeros there)
        }
        if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
            return TIFF;
        }
        if (startsWithAscii(b, 4, "ftyp")) {
            if (startsWithAscii(b, 8, "avif") || startsWithAscii(b, 8, "avis")) {
                return AVIF;
            }
            for (String brand : new String[] {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"}) {
                if (startsWithAscii(b, 8, brand)) {
                    return HEIF;
                }
            }
            return null;
        }
        if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return JPEG2000;
        }
        if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return JPEG_XL;
        }
        if (startsWithAscii(b, 0, "8BPS")) {
            return PSD;
        }
        if (startsWith(b, 0, 0, 0, 1, 0) || startsWith(b, 0, 0, 0, 2, 0)) {
            return ICO;
        }
        if (startsWithAscii(b, 0, "qoif")) {
            return QOI;
        }
        return null;
    }

    private static boolean startsWithAscii(byte[] b, int at, String s) {
        byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length < at + ascii.length) {
            return false;
        }
        for (int i = 0; i < ascii.length; i++) {
            if (b[at + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int at, int... expected) {
        if (b.length < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[at + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
