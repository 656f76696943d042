package io.hashstream.event;

import java.util.Arrays;

/**
 * RFC 4648 base64 (standard alphabet) decoding straight from a char range, so a large inline image is
 * decoded from the JSON parser's buffer without an intermediate String. Strict: no whitespace, no
 * line breaks, no URL-safe alphabet; trailing padding is optional but, if present, must be correct.
 * Unused low bits of the last group are ignored, as RFC 4648 decoders commonly do.
 */
final class StrictBase64 {
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    private StrictBase64() {
    }

    /** Thrown with a message that names the offending position (never the content). */
    static final class InvalidBase64Exception extends Exception {
        InvalidBase64Exception(String message) {
            super(message);
        }
    }

    static byte[] decode(char[] chars, int offset, int length) throws InvalidBase64Exception {
        int end = offset + length;
        int padding = 0;
        if (length > 0 && chars[end - 1] == '=') {
            padding++;
            if (length > 1 && chars[end - 2] == '=') {
                padding++;
            }
        }
        int dataChars = length - padding;
        if (padding > 0 && length % 4 != 0) {
            throw new InvalidBase64Exception("padded base64 length " + length + " is not a multiple of 4");
        }
        int remainder = dataChars % 4;
        if (remainder == 1) {
            throw new InvalidBase64Exception("base64 length " + dataChars + " leaves a dangling 6-bit group");
        }
        byte[] out = new byte[dataChars / 4 * 3 + (remainder == 0 ? 0 : remainder - 1)];
        int o = 0;
        int i = offset;
        int dataEnd = offset + dataChars;
        while (dataEnd - i >= 4) {
            int v = value(chars, i, offset) << 18 | value(chars, i + 1, offset) << 12
                    | value(chars, i + 2, offset) << 6 | value(chars, i + 3, offset);
            out[o++] = (byte) (v >> 16);
            out[o++] = (byte) (v >> 8);
            out[o++] = (byte) v;
            i += 4;
        }
        if (remainder == 2) {
            int v = value(chars, i, offset) << 6 | value(chars, i + 1, offset);
            out[o] = (byte) (v >> 4);
        } else if (remainder == 3) {
            int v = value(chars, i, offset) << 12 | value(chars, i + 1, offset) << 6 | value(chars, i + 2, offset);
            out[o++] = (byte) (v >> 10);
            out[o] = (byte) (v >> 2);
        }
        return out;
    }

    private static int value(char[] chars, int i, int offset) throws InvalidBase64Exception {
        char c = chars[i];
        int v = c < 128 ? VALUES[c] : -1;
        if (v < 0) {
            String shown = c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
            throw new InvalidBase64Exception("illegal base64 character " + shown + " at position " + (i - offset));
        }
        return v;
    }
}
