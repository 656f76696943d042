package io.hashstream.training.neardup;

import io.hashstream.training.augment.AugmentationFamily;
import java.util.Locale;

/** The benchmark's Markdown table for one encoder: recall per family at its threshold and at fixed FPRs. */
public final class NearDupTables {
    /** The fixed false-positive rates of the tables. */
    public static final double[] FPRS = {1e-3, 1e-4, 1e-5};

    private NearDupTables() {}

    public static String markdown(String encoder, int bits, int threshold, NearDupScores s) {
        DistanceHistogram neg = s.allNegatives();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "**%s** (%d bits), operating threshold d ≤ %d: FPR %.2e over %,d "
                + "different-source pairs%n%n", encoder, bits, threshold, neg.rateAtOrBelow(threshold), neg.total()));
        b.append("| family | recall @ d ≤ ").append(threshold);
        for (double f : FPRS) {
            int r = neg.largestRadiusWithRateAtMost(f);
            b.append(String.format(Locale.ROOT, " | recall @ FPR %.0e (d ≤ %d)", f, r));
        }
        b.append(" |\n|---|---:|---:|---:|---:|\n");
        for (AugmentationFamily f : s.families()) {
            row(b, f.id(), s.positives(f), neg, threshold);
        }
        row(b, "**all**", s.allPositives(), neg, threshold);
        return b.toString();
    }

    private static void row(StringBuilder b, String name, DistanceHistogram pos, DistanceHistogram neg, int threshold) {
        b.append("| ").append(name).append(String.format(Locale.ROOT, " | %.3f", pos.rateAtOrBelow(threshold)));
        for (double f : FPRS) {
            b.append(String.format(Locale.ROOT, " | %.3f", pos.rateAtOrBelow(neg.largestRadiusWithRateAtMost(f))));
        }
        b.append(" |\n");
    }
}
