package io.hashstream.bench;

import io.hashstream.code.BinaryCode;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic code sets for the index benchmarks.
 *
 * <ul>
 *   <li>{@code uniform}: independent uniformly random bits.
 *   <li>{@code clustered}: near-duplicate groups — one centre per 10 entries on average, each entry its
 *       centre with 0..4 random bits flipped. Substring values are then far from uniform, which is the
 *       hard case for multi-index hashing.
 * </ul>
 */
public enum CodeDistribution {
    uniform,
    clustered;

    static final int ENTRIES_PER_CLUSTER = 10;
    static final int MAX_CLUSTER_FLIPS = 4;

    /** Generates entry i of a set of {@code size} codes; consecutive calls give the whole set. */
    public Generator generator(int bits, int size, long seed) {
        return new Generator(this, bits, size, seed);
    }

    public static final class Generator {
        private final CodeDistribution distribution;
        private final int bits;
        private final SplittableRandom random;
        private final long centreSeed;
        private final int clusters;

        Generator(CodeDistribution distribution, int bits, int size, long seed) {
            this.distribution = distribution;
            this.bits = bits;
            this.random = new SplittableRandom(seed);
            this.centreSeed = seed * 0x9E3779B97F4A7C15L + 1;
            this.clusters = Math.max(1, size / ENTRIES_PER_CLUSTER);
        }

        public BinaryCode next() {
            if (distribution == uniform) {
                return uniformCode(random, bits);
            }
            // centres are regenerated from their own seed: no table of 1M centres to keep around
            BinaryCode centre = uniformCode(new SplittableRandom(centreSeed + random.nextInt(clusters)), bits);
            return flip(centre, random.nextInt(MAX_CLUSTER_FLIPS + 1), random);
        }

        public SplittableRandom random() {
            return random;
        }
    }

    static BinaryCode uniformCode(SplittableRandom random, int bits) {
        long[] words = new long[BinaryCode.wordsFor(bits)];
        for (int w = 0; w < words.length; w++) {
            words[w] = random.nextLong();
        }
        int tail = bits & 63;
        if (tail != 0) {
            words[words.length - 1] &= (1L << tail) - 1;
        }
        return BinaryCode.ofWords(bits, words);
    }

    /** {@code code} with {@code flips} distinct random bits inverted. */
    static BinaryCode flip(BinaryCode code, int flips, SplittableRandom random) {
        long[] words = code.words();
        long[] original = code.words();
        int done = 0;
        while (done < flips) {
            int bit = random.nextInt(code.bits());
            long m = 1L << (bit & 63);
            if ((words[bit >>> 6] & m) == (original[bit >>> 6] & m)) {
                words[bit >>> 6] ^= m;
                done++;
            }
        }
        return BinaryCode.ofWords(code.bits(), words);
    }
}
