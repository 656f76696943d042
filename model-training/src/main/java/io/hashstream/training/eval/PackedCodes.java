package io.hashstream.training.eval;

import io.hashstream.code.BinaryCode;
import io.hashstream.code.Hamming;

/** Codes of one length stored back to back in a long[] for cache-friendly distance scans. */
final class PackedCodes {
    private final int bits;
    private final int wordsPerCode;
    private final long[] words;
    private final int count;

    private PackedCodes(int bits, int wordsPerCode, long[] words, int count) {
        this.bits = bits;
        this.wordsPerCode = wordsPerCode;
        this.words = words;
        this.count = count;
    }

    static PackedCodes of(BinaryCode[] codes, int bits) {
        int w = BinaryCode.wordsFor(bits);
        long[] words = new long[codes.length * w];
        for (int i = 0; i < codes.length; i++) {
            if (codes[i].bits() != bits) {
                throw new IllegalArgumentException("code " + i + " has " + codes[i].bits() + " bits, expected " + bits);
            }
            codes[i].copyWordsTo(words, i * w);
        }
        return new PackedCodes(bits, w, words, codes.length);
    }

    int count() {
        return count;
    }

    int bits() {
        return bits;
    }

    /** {@code out[j]} = Hamming distance between code j of this set and code {@code qi} of {@code queries}. */
    void distancesTo(PackedCodes queries, int qi, int[] out) {
        long[] q = queries.words;
        int qOff = qi * wordsPerCode;
        if (wordsPerCode == 1) {
            long qw = q[qOff];
            for (int j = 0; j < count; j++) {
                out[j] = Long.bitCount(words[j] ^ qw);
            }
        } else {
            for (int j = 0, off = 0; j < count; j++, off += wordsPerCode) {
                out[j] = Hamming.distance(words, off, q, qOff, wordsPerCode);
            }
        }
    }
}
