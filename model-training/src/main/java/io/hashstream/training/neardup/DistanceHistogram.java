package io.hashstream.training.neardup;

/**
 * Pair counts by Hamming distance 0..bits, with the cumulative views a match threshold needs:
 * a pair matches at radius t when its distance is ≤ t.
 */
public final class DistanceHistogram {
    private final long[] counts;

    public DistanceHistogram(int bits) {
        this.counts = new long[bits + 1];
    }

    public void add(int distance) {
        counts[distance]++;
    }

    public void addAll(DistanceHistogram other) {
        for (int d = 0; d < counts.length; d++) {
            counts[d] += other.counts[d];
        }
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    public long atOrBelow(int radius) {
        long t = 0;
        for (int d = 0; d <= Math.min(radius, counts.length - 1); d++) {
            t += counts[d];
        }
        return t;
    }

    /** Share of pairs with distance ≤ radius (0 for radius < 0 or an empty histogram). */
    public double rateAtOrBelow(int radius) {
        long total = total();
        return total == 0 || radius < 0 ? 0 : atOrBelow(radius) / (double) total;
    }

    /** The largest radius whose rate is ≤ {@code maxRate}, or -1 when even radius 0 exceeds it. */
    public int largestRadiusWithRateAtMost(double maxRate) {
        int best = -1;
        for (int r = 0; r < counts.length; r++) {
            if (rateAtOrBelow(r) <= maxRate) {
                best = r;
            } else {
                break;
            }
        }
        return best;
    }

    public int maxDistance() {
        return counts.length - 1;
    }
}
