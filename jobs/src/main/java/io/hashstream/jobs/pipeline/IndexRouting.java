package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import io.hashstream.index.Substrings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-index hashing over Flink keys: which buckets an image is stored in and which buckets its
 * probe visits. Table t stores an image under its substring value s_t; a probe visits, in table t,
 * every value within {@link Substrings#probeRadius} of its own s_t, which by the pigeonhole
 * argument reaches every stored image within the radius at least once.
 */
public final class IndexRouting implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int radius;
    private final int configuredSubstrings;
    private final boolean packed;
    private transient Substrings layout;

    /** For the bucket layout. @param substrings m, or 0 for {@link #defaultSubstrings(int, int)} */
    public IndexRouting(int radius, int substrings) {
        this(radius, substrings, false);
    }

    private IndexRouting(int radius, int substrings, boolean packed) {
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0");
        }
        this.radius = radius;
        this.configuredSubstrings = substrings;
        this.packed = packed;
    }

    /** For the packed shard layout. @param substrings m, or 0 for {@link #packedDefaultSubstrings(int)} */
    public static IndexRouting forPackedShards(int radius, int substrings) {
        return new IndexRouting(radius, substrings, true);
    }

    /**
     * 16-bit substrings for the packed shard layout, where probing a neighbouring substring value is a
     * local table lookup, not a message: each table holds at most 65,536 buckets, and a shard of N
     * images visits about N / 65,536 candidates per probed value instead of N / 2^(K/(r+1)). At 1M
     * images in 4 shards, m = 4 filled at 11,106 images/s in 131 B/image, m = 3 at 9,580/s in 293 B
     * (BENCHMARKS.md, Packed shards).
     */
    public static int packedDefaultSubstrings(int bits) {
        return Math.max((bits + 63) / 64, (bits + 15) / 16);
    }

    /**
     * m = r + 1 (clamped to substrings of 8..64 bits): every table is probed at substring radius 0
     * or not at all, so an image costs m stores and r + 1 single-bucket probes instead of the
     * combinatorial neighbour fan-out of smaller m; buckets hold about N / 2^(K/m) entries.
     */
    public static int defaultSubstrings(int bits, int radius) {
        int min = (bits + 63) / 64;
        int max = Math.max(min, bits / 8);
        return Math.max(min, Math.min(radius + 1, max));
    }

    public int radius() {
        return radius;
    }

    /** What decides the bucket keys of a model's entries in the bucket layout, for {@link IndexLayoutGuard}. */
    String keyLayout(int bits) {
        return "buckets, " + layout(bits).substringCount() + " substrings of a " + bits + "-bit code";
    }

    /** Most bucket probes one image may cost; more means the substrings are too long for the radius. */
    public static final int MAX_PROBES_PER_IMAGE = 4096;

    /**
     * The substring layout for codes of {@code bits} bits (one layout per job: one model).
     *
     * @throws IllegalArgumentException when the layout would probe more than {@link #MAX_PROBES_PER_IMAGE}
     *     buckets per image (too few substrings for the radius)
     */
    public Substrings layout(int bits) {
        if (layout == null || layout.bits() != bits) {
            int m = configuredSubstrings > 0 ? configuredSubstrings
                    : packed ? packedDefaultSubstrings(bits) : defaultSubstrings(bits, radius);
            Substrings s = new Substrings(bits, m);
            double probes = probes(s, radius);
            if (probes > MAX_PROBES_PER_IMAGE) {
                throw new IllegalArgumentException(String.format(
                        "%d substrings of a %d-bit code at radius %d probe %.0f buckets per image (limit %d): %s",
                        m, bits, radius, probes, MAX_PROBES_PER_IMAGE, fewestSubstringsThatFit(bits)));
            }
            layout = s;
        }
        return layout;
    }

    private String fewestSubstringsThatFit(int bits) {
        for (int m = (bits + 63) / 64; m <= Math.max(1, bits / 8); m++) {
            if (probes(new Substrings(bits, m), radius) <= MAX_PROBES_PER_IMAGE) {
                return "set substrings to " + m + " or more, or lower the radius";
            }
        }
        return "lower the radius";
    }

    /** Buckets probed per image with this layout. */
    public static double probes(Substrings s, int radius) {
        double total = 0;
        for (int t = 0; t < s.substringCount(); t++) {
            int pr = s.probeRadius(t, radius);
            if (pr >= 0) {
                total += Substrings.ballSize(s.substringBits(t), pr);
            }
        }
        return total;
    }

    /** Store + probe messages for an image; the probe's {@code expectedAnswers} counts the probing ones. */
    public List<ShardMessage> route(EncodedImage image) {
        BinaryCode code = image.code();
        Substrings s = layout(code.bits());
        int m = s.substringCount();
        int expected = (int) probes(s, radius);
        Probe probe = new Probe(image.ref().key(), image.tenant(), image.id(), image.eventTime(),
                image.ingestMillis(), image.modelId(), code, expected);
        List<ShardMessage> out = new ArrayList<>(expected + m);
        for (int t = 0; t < m; t++) {
            final int table = t;
            long own = s.substring(code, t);
            int pr = s.probeRadius(t, radius);
            if (pr < 0) {
                out.add(new ShardMessage(ShardMessage.Kind.INSERT, key(image, t, own), t, probe));
                continue;
            }
            out.add(new ShardMessage(ShardMessage.Kind.PROBE_INSERT, key(image, t, own), t, probe));
            s.forEachWithin(own, t, pr, v -> {
                if (v != own) {
                    out.add(new ShardMessage(ShardMessage.Kind.PROBE, key(image, table, v), table, probe));
                }
            });
        }
        return out;
    }

    /** Messages that remove {@code id} (indexed with {@code registration}) from its buckets, as of {@code eventTime}. */
    public List<ShardMessage> routeDelete(
            String requestKey, String tenant, String id, long eventTime, Registration registration) {
        Substrings s = layout(registration.code().bits());
        Probe probe = new Probe(requestKey, tenant, id, eventTime, 0L, registration.modelId(), registration.code(), 0);
        List<ShardMessage> out = new ArrayList<>(s.substringCount());
        for (int t = 0; t < s.substringCount(); t++) {
            long own = s.substring(registration.code(), t);
            out.add(new ShardMessage(ShardMessage.Kind.DELETE,
                    ShardMessage.shardKey(tenant, registration.modelId(), t, own), t, probe));
        }
        return out;
    }

    private static String key(EncodedImage image, int table, long value) {
        return ShardMessage.shardKey(image.tenant(), image.modelId(), table, value);
    }
}
