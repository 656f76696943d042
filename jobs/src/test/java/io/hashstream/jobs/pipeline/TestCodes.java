package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import java.util.Random;

/** Random and clustered codes for index tests. */
final class TestCodes {
    private TestCodes() {}

    static BinaryCode random(Random rnd, int bits) {
        long[] w = new long[BinaryCode.wordsFor(bits)];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextLong();
        }
        int tail = bits & 63;
        if (tail != 0) {
            w[w.length - 1] &= (1L << tail) - 1;
        }
        return BinaryCode.ofWords(bits, w);
    }

    /** {@code base} with {@code flips} distinct random bits flipped. */
    static BinaryCode near(Random rnd, BinaryCode base, int flips) {
        long[] w = base.words();
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        while (chosen.size() < flips) {
            chosen.add(rnd.nextInt(base.bits()));
        }
        for (int b : chosen) {
            w[b >>> 6] ^= 1L << (b & 63);
        }
        return BinaryCode.ofWords(base.bits(), w);
    }
}
