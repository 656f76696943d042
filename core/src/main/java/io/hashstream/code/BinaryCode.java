package io.hashstream.code;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable K-bit binary code (K a multiple of 8, 8..1024), packed little-endian into longs:
 * bit i of the code is bit (i % 64) of word (i / 64). Unused high bits of the last word are zero,
 * so word-wise XOR + popcount gives the Hamming distance directly.
 *
 * <p>The hex form is the code's bytes in order (byte j holds bits 8j..8j+7, least significant bit
 * first), two lowercase hex digits per byte: {@code K/4} characters in all.
 */
public final class BinaryCode {
    public static final int MIN_BITS = 8;
    public static final int MAX_BITS = 1024;
    private static final HexFormat HEX = HexFormat.of();

    private final int bits;
    private final long[] words;

    private BinaryCode(int bits, long[] words) {
        this.bits = bits;
        this.words = words;
    }

    /** Number of longs needed for a code of {@code bits} bits. */
    public static int wordsFor(int bits) {
        checkBits(bits);
        return (bits + 63) >>> 6;
    }

    public static void checkBits(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS || bits % 8 != 0) {
            throw new IllegalArgumentException(
                    "code length must be a multiple of 8 in [" + MIN_BITS + ", " + MAX_BITS + "], got " + bits);
        }
    }

    /** Wraps (copies) packed words; bits beyond {@code bits} must be zero. */
    public static BinaryCode ofWords(int bits, long[] words) {
        int n = wordsFor(bits);
        if (words.length != n) {
            throw new IllegalArgumentException("expected " + n + " words for " + bits + " bits, got " + words.length);
        }
        int tail = bits & 63;
        if (tail != 0 && (words[n - 1] >>> tail) != 0) {
            throw new IllegalArgumentException("bits set beyond code length " + bits);
        }
        return new BinaryCode(bits, words.clone());
    }

    /** Sign binarization: bit i is 1 iff {@code v[offset + i] > 0} (zero maps to 0, NaN to 0). */
    public static BinaryCode fromSigns(float[] v, int offset, int bits) {
        long[] w = new long[wordsFor(bits)];
        if (offset < 0 || offset > v.length - bits) {
            throw new IllegalArgumentException(
                    "need " + bits + " values from offset " + offset + ", vector has " + v.length);
        }
        for (int i = 0; i < bits; i++) {
            if (v[offset + i] > 0f) {
                w[i >>> 6] |= 1L << (i & 63);
            }
        }
        return new BinaryCode(bits, w);
    }

    public static BinaryCode fromSigns(float[] v) {
        return fromSigns(v, 0, v.length);
    }

    public static BinaryCode fromHex(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("hex code must have an even, non-zero number of digits");
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex code: " + e.getMessage(), e);
        }
        return fromBytes(bytes);
    }

    /** Bytes in code order, byte j = bits 8j..8j+7. */
    public static BinaryCode fromBytes(byte[] bytes) {
        int bits = bytes.length * 8;
        long[] w = new long[wordsFor(bits)];
        for (int j = 0; j < bytes.length; j++) {
            w[j >>> 3] |= (bytes[j] & 0xFFL) << ((j & 7) * 8);
        }
        return new BinaryCode(bits, w);
    }

    public byte[] toBytes() {
        byte[] out = new byte[bits / 8];
        for (int j = 0; j < out.length; j++) {
            out[j] = (byte) (words[j >>> 3] >>> ((j & 7) * 8));
        }
        return out;
    }

    public String toHex() {
        return HEX.formatHex(toBytes());
    }

    public int bits() {
        return bits;
    }

    public int wordCount() {
        return words.length;
    }

    public long word(int i) {
        return words[i];
    }

    /** A copy of the packed words. */
    public long[] words() {
        return words.clone();
    }

    /** Copies the packed words into {@code dst} at {@code offset} (for contiguous storage). */
    public void copyWordsTo(long[] dst, int offset) {
        System.arraycopy(words, 0, dst, offset, words.length);
    }

    public boolean bit(int i) {
        if (i < 0 || i >= bits) {
            throw new IndexOutOfBoundsException(i);
        }
        return ((words[i >>> 6] >>> (i & 63)) & 1L) != 0;
    }

    public int distance(BinaryCode other) {
        if (other.bits != bits) {
            throw new IllegalArgumentException("code lengths differ: " + bits + " vs " + other.bits);
        }
        return Hamming.distance(words, 0, other.words, 0, words.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryCode c && c.bits == bits && Arrays.equals(c.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * bits + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
