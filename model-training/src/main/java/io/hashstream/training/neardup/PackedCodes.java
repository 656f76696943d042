package io.hashstream.training.neardup;

import io.hashstream.code.BinaryCode;
import java.util.List;

/** Codes of one length stored back to back as words, for fast all-pairs XOR + popcount. */
public final class PackedCodes {
    private final int bits;
    private final int words;
    private final long[] data;

    public PackedCodes(List<BinaryCode> codes, int bits) {
        this.bits = bits;
        this.words = BinaryCode.wordsFor(bits);
        this.data = new long[codes.size() * words];
        for (int i = 0; i < codes.size(); i++) {
            BinaryCode c = codes.get(i);
            if (c.bits() != bits) {
                throw new IllegalArgumentException("code " + i + " has " + c.bits() + " bits, expected " + bits);
            }
            c.copyWordsTo(data, i * words);
        }
    }

    public int bits() {
        return bits;
    }

    public int size() {
        return data.length / words;
    }

    /** Hamming distance between code {@code i} here and code {@code j} of {@code other}. */
    public int distance(int i, PackedCodes other, int j) {
        int d = 0;
        int a = i * words;
        int b = j * other.words;
        for (int w = 0; w < words; w++) {
            d += Long.bitCount(data[a + w] ^ other.data[b + w]);
        }
        return d;
    }
}
