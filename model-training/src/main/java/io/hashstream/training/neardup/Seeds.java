package io.hashstream.training.neardup;

/**
 * Seeds for per-item random streams. {@link java.util.Random}s seeded with numbers that differ by one
 * start almost alike (their first doubles lie ~1e-4 apart), so seeds such as {@code base + i} give a
 * thousand items nearly the same first draw: every "random" rotation of a benchmark fell within a few
 * degrees. Each part is therefore mixed through SplitMix64's finalizer.
 */
public final class Seeds {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** A well-spread seed for the item named by {@code parts} (e.g. run seed, family, source index). */
    public static long of(long... parts) {
        long h = GOLDEN_GAMMA;
        for (long p : parts) {
            h = mix(h + GOLDEN_GAMMA + mix(p));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
