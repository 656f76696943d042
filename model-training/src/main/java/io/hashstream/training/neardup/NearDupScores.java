package io.hashstream.training.neardup;

import io.hashstream.training.augment.AugmentationFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Near-duplicate scoring of one encoder: codes of N originals and, for each family, of one edited view
 * per original. Positive pairs: (view of source i, original i). Negative pairs: (view of source i,
 * original j) for every j ≠ i, over all families: F·N·(N−1) pairs, counted exactly by XOR + popcount.
 * Keeps, per family, the positives with the largest distance (hardest misses) and the views with the
 * closest other-source original (closest false positives).
 */
public final class NearDupScores {

    /** A pair for the report: view of {@code source} in {@code family} against original {@code other}. */
    public record Pair(AugmentationFamily family, int source, int other, int distance) {}

    private final int bits;
    private final Map<AugmentationFamily, DistanceHistogram> positives = new EnumMap<>(AugmentationFamily.class);
    private final Map<AugmentationFamily, DistanceHistogram> negatives = new EnumMap<>(AugmentationFamily.class);
    private final Map<AugmentationFamily, List<Pair>> hardestMisses = new EnumMap<>(AugmentationFamily.class);
    private final Map<AugmentationFamily, List<Pair>> closestFalsePositives = new EnumMap<>(AugmentationFamily.class);

    private NearDupScores(int bits) {
        this.bits = bits;
    }

    /**
     * @param originals codes of the N originals
     * @param views for each family, codes of the N views in source order
     * @param keep how many hardest misses / closest false positives to keep per family
     */
    public static NearDupScores score(PackedCodes originals, Map<AugmentationFamily, PackedCodes> views, int keep) {
        int n = originals.size();
        NearDupScores s = new NearDupScores(originals.bits());
        for (Map.Entry<AugmentationFamily, PackedCodes> e : views.entrySet()) {
            PackedCodes v = e.getValue();
            if (v.size() != n || v.bits() != originals.bits()) {
                throw new IllegalArgumentException(e.getKey() + ": expected " + n + " views of " + originals.bits() + " bits");
            }
            DistanceHistogram pos = new DistanceHistogram(s.bits);
            List<Pair> misses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int d = v.distance(i, originals, i);
                pos.add(d);
                misses.add(new Pair(e.getKey(), i, i, d));
            }
            // Negatives in parallel over views, each with its own histogram; nearest other original kept per view.
            int[] nearest = new int[n];
            int[] nearestDistance = new int[n];
            DistanceHistogram neg = IntStream.range(0, n).parallel().mapToObj(i -> {
                DistanceHistogram h = new DistanceHistogram(s.bits);
                int best = Integer.MAX_VALUE;
                int bestJ = -1;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        int d = v.distance(i, originals, j);
                        h.add(d);
                        if (d < best) {
                            best = d;
                            bestJ = j;
                        }
                    }
                }
                nearest[i] = bestJ;
                nearestDistance[i] = best;
                return h;
            }).reduce(new DistanceHistogram(s.bits), (a, b) -> {
                DistanceHistogram m = new DistanceHistogram(s.bits);
                m.addAll(a);
                m.addAll(b);
                return m;
            });
            List<Pair> fps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (nearest[i] >= 0) {
                    fps.add(new Pair(e.getKey(), i, nearest[i], nearestDistance[i]));
                }
            }
            misses.sort(Comparator.comparingInt(Pair::distance).reversed().thenComparingInt(Pair::source));
            fps.sort(Comparator.comparingInt(Pair::distance).thenComparingInt(Pair::source));
            s.positives.put(e.getKey(), pos);
            s.negatives.put(e.getKey(), neg);
            s.hardestMisses.put(e.getKey(), List.copyOf(misses.subList(0, Math.min(keep, misses.size()))));
            s.closestFalsePositives.put(e.getKey(), List.copyOf(fps.subList(0, Math.min(keep, fps.size()))));
        }
        return s;
    }

    public int bits() {
        return bits;
    }

    public List<AugmentationFamily> families() {
        return List.copyOf(positives.keySet());
    }

    public DistanceHistogram positives(AugmentationFamily f) {
        return positives.get(f);
    }

    /** Positives of every family together. */
    public DistanceHistogram allPositives() {
        DistanceHistogram all = new DistanceHistogram(bits);
        positives.values().forEach(all::addAll);
        return all;
    }

    /** Negatives of every family together: the FPR population. */
    public DistanceHistogram allNegatives() {
        DistanceHistogram all = new DistanceHistogram(bits);
        negatives.values().forEach(all::addAll);
        return all;
    }

    public List<Pair> hardestMisses(AugmentationFamily f) {
        return hardestMisses.get(f);
    }

    public List<Pair> closestFalsePositives(AugmentationFamily f) {
        return closestFalsePositives.get(f);
    }

    /** Recall of {@code family} (or all families for null) at the radius where the overall FPR is ≤ fpr. */
    public double recallAtFpr(AugmentationFamily family, double fpr) {
        int r = allNegatives().largestRadiusWithRateAtMost(fpr);
        return (family == null ? allPositives() : positives(family)).rateAtOrBelow(r);
    }
}
