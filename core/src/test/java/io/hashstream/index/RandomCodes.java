package io.hashstream.index;

import io.hashstream.code.BinaryCode;
import java.util.Random;

/** Seeded code generators for the index tests: uniform codes, and clusters of near-duplicates. */
final class RandomCodes {
    private final Random random;
    private final int bits;
    private final BinaryCode[] centres;
    private final int maxFlips;

    private RandomCodes(Random random, int bits, int clusters, int maxFlips) {
        this.random = random;
        this.bits = bits;
        this.maxFlips = maxFlips;
        this.centres = new BinaryCode[clusters];
        for (int i = 0; i < clusters; i++) {
            centres[i] = uniform(random, bits);
        }
    }

    /** Independent uniformly random codes. */
    static RandomCodes uniform(long seed, int bits) {
        return new RandomCodes(new Random(seed), bits, 0, 0);
    }

    /** Codes drawn as a random one of {@code clusters} centres with up to {@code maxFlips} bits flipped. */
    static RandomCodes clustered(long seed, int bits, int clusters, int maxFlips) {
        return new RandomCodes(new Random(seed), bits, clusters, maxFlips);
    }

    BinaryCode next() {
        if (centres.length == 0) {
            return uniform(random, bits);
        }
        return flip(centres[random.nextInt(centres.length)], random.nextInt(maxFlips + 1), random);
    }

    Random random() {
        return random;
    }

    static BinaryCode uniform(Random random, int bits) {
        byte[] bytes = new byte[bits / 8];
        random.nextBytes(bytes);
        return BinaryCode.fromBytes(bytes);
    }

    /** {@code code} with {@code flips} distinct random bits inverted (so at distance exactly {@code flips}). */
    static BinaryCode flip(BinaryCode code, int flips, Random random) {
        long[] words = code.words();
        int done = 0;
        while (done < Math.min(flips, code.bits())) {
            int bit = random.nextInt(code.bits());
            long before = words[bit >>> 6];
            words[bit >>> 6] ^= 1L << (bit & 63);
            if (((before >>> (bit & 63)) & 1L) == ((code.word(bit >>> 6) >>> (bit & 63)) & 1L)) {
                done++; // flipped a bit that still had its original value
            } else {
                words[bit >>> 6] = before; // already flipped: undo, pick another
            }
        }
        return BinaryCode.ofWords(code.bits(), words);
    }
}
