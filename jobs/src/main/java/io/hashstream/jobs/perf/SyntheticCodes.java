package io.hashstream.jobs.perf;

import io.hashstream.code.BinaryCode;
import io.hashstream.jobs.pipeline.EncodedImage;
import io.hashstream.jobs.pipeline.EventRef;
import io.hashstream.jobs.pipeline.IndexCommand;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Encoded images for the index-scale harness, a pure function of the sequence number: event i is
 * image {@code img-<i>} of tenant {@code t<i mod tenants>} at event time {@code base + i} ms with a
 * uniformly random 64-bit code, except a {@code nearDuplicateShare} of events, which copy the
 * uniform code of an earlier event of the same tenant (up to 1,000 events back) with 1..radius bits
 * flipped, so the index holds clusters of near-duplicates as well as uniform codes.
 */
final class SyntheticCodes implements GeneratorFunction<Long, IndexCommand> {
    private static final long serialVersionUID = 1L;
    static final String MODEL_ID = "synthetic-64";
    static final long BASE_EVENT_TIME = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private final long seed;
    private final int tenants;
    private final double nearDuplicateShare;
    private final int maxFlips;

    SyntheticCodes(long seed, int tenants, double nearDuplicateShare, int maxFlips) {
        if (tenants < 1 || nearDuplicateShare < 0 || nearDuplicateShare > 1 || maxFlips < 1 || maxFlips > 64) {
            throw new IllegalArgumentException("tenants >= 1, share in [0, 1], flips in [1, 64]");
        }
        this.seed = seed;
        this.tenants = tenants;
        this.nearDuplicateShare = nearDuplicateShare;
        this.maxFlips = maxFlips;
    }

    @Override
    public IndexCommand map(Long sequence) {
        long i = sequence;
        String tenant = "t" + (i % tenants);
        return new EncodedImage(new EventRef("synthetic", 0, i), tenant, "img-" + i, BASE_EVENT_TIME + i,
                System.currentTimeMillis(), MODEL_ID, BinaryCode.ofWords(64, new long[] {code(i)}));
    }

    /** The code of event i. */
    long code(long i) {
        long h = mix(seed ^ mix(i ^ 0x5DEECE66DL));
        boolean nearDuplicate = (h >>> 11) * 0x1.0p-53 < nearDuplicateShare && i >= tenants;
        if (!nearDuplicate) {
            return uniform(i);
        }
        long back = 1 + Long.remainderUnsigned(mix(h), Math.min(1_000, i / tenants));
        long root = i - back * tenants;
        long code = uniform(root);
        int flips = 1 + (int) Long.remainderUnsigned(mix(h + 1), maxFlips);
        long r = mix(h + 2);
        long flipped = 0;
        while (Long.bitCount(flipped) < flips) {
            flipped |= 1L << (r & 63);
            r = mix(r);
        }
        return code ^ flipped;
    }

    private long uniform(long i) {
        return mix(seed + 0x9E3779B97F4A7C15L * (i + 1));
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
