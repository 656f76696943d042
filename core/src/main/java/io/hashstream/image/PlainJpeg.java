package io.hashstream.image;

/**
 * Recognizes the JPEGs that the TwelveMonkeys reader would only hand on to the JDK's own reader: Huffman
 * coded baseline, extended or progressive DCT (SOF0/1/2), one component (gray) or three that libjpeg takes
 * as YCbCr (a JFIF marker, or component ids 1, 2, 3), no Adobe APP14 marker and no embedded ICC profile.
 * For those TwelveMonkeys adds no colour handling of its own, only per-image parsing of every header
 * segment (Huffman tables included, ~0.1–0.2 ms for a 256×256 image), so {@link SafeImageDecoder} reads
 * them with the JDK reader directly; everything else (CMYK/YCCK, ICC profiles, RGB, lossless, anything
 * unusual) keeps the TwelveMonkeys reader.
 *
 * <p>Reads only the marker segments before the first scan, every offset bounds-checked; anything it does
 * not recognize makes the answer "not plain", never an exception.
 */
final class PlainJpeg {
    private PlainJpeg() {
    }

    static boolean isPlain(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return false;
        }
        boolean jfif = false;
        int components = 0;
        int[] ids = new int[3];
        int p = 2;
        while (p + 4 <= jpeg.length) {
            if ((jpeg[p] & 0xFF) != 0xFF) {
                return false;
            }
            int marker = jpeg[p + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            int length = (jpeg[p + 2] & 0xFF) << 8 | (jpeg[p + 3] & 0xFF);
            int body = p + 4;
            int end = p + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return false;
            }
            switch (marker) {
                case 0xDA -> { // start of scan: the header is complete
                    return components == 1 || components == 3 && (jfif || ids[0] == 1 && ids[1] == 2 && ids[2] == 3);
                }
                case 0xC0, 0xC1, 0xC2 -> {
                    if (components != 0 || end - body < 6) {
                        return false; // a second frame header, or a short one
                    }
                    int n = jpeg[body + 5] & 0xFF;
                    if (n != 1 && n != 3 || end - body < 6 + 3 * n) {
                        return false;
                    }
                    for (int c = 0; c < n; c++) {
                        ids[c] = jpeg[body + 6 + 3 * c] & 0xFF;
                    }
                    components = n;
                }
                case 0xE0 -> jfif |= end - body >= 14 && startsWith(jpeg, body, end, "JFIF\0"); // as libjpeg reads it
                case 0xE2 -> {
                    if (startsWith(jpeg, body, end, "ICC_PROFILE\0")) {
                        return false;
                    }
                }
                case 0xEE -> {
                    if (startsWith(jpeg, body, end, "Adobe")) {
                        return false;
                    }
                }
                case 0xC4, 0xDB, 0xDD, 0xFE, 0xE1, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED,
                        0xEF -> {
                    // Huffman and quantization tables, restart interval, comments, other application data.
                }
                default -> {
                    return false; // lossless, arithmetic, hierarchical, DNL, stray markers: not plain
                }
            }
            p = end;
        }
        return false;
    }

    private static boolean startsWith(byte[] b, int at, int end, String ascii) {
        if (end - at < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
