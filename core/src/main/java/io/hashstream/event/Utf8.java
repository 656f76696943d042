package io.hashstream.event;

/**
 * UTF-8 well-formedness check (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 * Jackson silently replaces malformed sequences with U+FFFD, which would let two different byte
 * strings map to the same id; we refuse them instead.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Index of the first byte of the first malformed sequence, or -1 when all of it is well-formed. */
    static int firstMalformed(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) { // ASCII: by far the common case (base64 payloads)
                i++;
                continue;
            }
            c &= 0xff;
            int len;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                len = 2;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                len = 3;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                len = 4;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + len > n) {
                return i;
            }
            int cp = c & (0xff >> (len + 1));
            for (int k = 1; k < len; k++) {
                int d = b[i + k] & 0xff;
                if ((d & 0xc0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (d & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return i;
            }
            i += len;
        }
        return -1;
    }
}
