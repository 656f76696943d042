package io.hashstream.jobs.pipeline;

import java.util.Arrays;

/**
 * Ids as bytes in the index's packed arrays: modified UTF-8 (as {@code DataOutput.writeUTF}), 1 byte
 * for U+0001..U+007F, 2 for U+0000 and up to U+07FF, 3 otherwise, char by char. Unlike standard
 * UTF-8 it is injective on every Java string, unpaired surrogates included, so comparing bytes is
 * comparing ids.
 */
final class ModifiedUtf8 {
    private ModifiedUtf8() {
    }

    /** Most bytes {@code s} can take. */
    static int maxLength(String s) {
        return s.length() * 3;
    }

    /** Writes {@code s} at {@code at} (room for {@link #maxLength} bytes required); returns the end. */
    static int encodeInto(String s, byte[] out, int at) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 0x0001 && c <= 0x007F) {
                out[at++] = (byte) c;
            } else if (c <= 0x07FF) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }

    static byte[] encode(String s) {
        byte[] buffer = new byte[maxLength(s)];
        return Arrays.copyOf(buffer, encodeInto(s, buffer, 0));
    }

    static String decode(byte[] b, int from, int to) {
        char[] chars = new char[to - from];
        int n = 0;
        int k = from;
        while (k < to) {
            int c = b[k] & 0xFF;
            if (c < 0x80) {
                chars[n++] = (char) c;
                k++;
            } else if (c < 0xE0) {
                chars[n++] = (char) (((c & 0x1F) << 6) | (b[k + 1] & 0x3F));
                k += 2;
            } else {
                chars[n++] = (char) (((c & 0x0F) << 12) | ((b[k + 1] & 0x3F) << 6) | (b[k + 2] & 0x3F));
                k += 3;
            }
        }
        return new String(chars, 0, n);
    }
}
