package io.hashstream.training.eval;

import java.util.Arrays;
import java.util.Locale;

/**
 * Precision and recall of Hamming-ball lookup as the radius grows from 0 to the code length, pooled
 * over all queries: at radius r, precision = (relevant pairs within r) / (pairs within r) and
 * recall = (relevant pairs within r) / (all relevant pairs). Precision is NaN at radii where no
 * pair lies inside the ball.
 *
 * @param radius 0..K
 * @param precision per radius (NaN where nothing is retrieved)
 * @param recall per radius
 * @param retrievedPairs query-database pairs within each radius
 * @param relevantRetrievedPairs relevant pairs within each radius
 * @param relevantPairs all relevant query-database pairs
 */
public record PrecisionRecallCurve(int[] radius, double[] precision, double[] recall, long[] retrievedPairs,
                                   long[] relevantRetrievedPairs, long relevantPairs) {

    /** Builds the cumulative curve from pair counts at each exact distance 0..K. */
    static PrecisionRecallCurve fromDistanceHistograms(long[] pairsAtDistance, long[] relevantAtDistance, long relevantPairs) {
        int points = pairsAtDistance.length;
        int[] radius = new int[points];
        double[] precision = new double[points];
        double[] recall = new double[points];
        long[] retrieved = new long[points];
        long[] relevantRetrieved = new long[points];
        long pairs = 0;
        long good = 0;
        for (int r = 0; r < points; r++) {
            pairs += pairsAtDistance[r];
            good += relevantAtDistance[r];
            radius[r] = r;
            retrieved[r] = pairs;
            relevantRetrieved[r] = good;
            precision[r] = pairs == 0 ? Double.NaN : (double) good / pairs;
            recall[r] = relevantPairs == 0 ? 0.0 : (double) good / relevantPairs;
        }
        return new PrecisionRecallCurve(radius, precision, recall, retrieved, relevantRetrieved, relevantPairs);
    }

    public int points() {
        return radius.length;
    }

    /** CSV with header {@code radius,precision,recall,retrieved_pairs,relevant_retrieved_pairs}. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("radius,precision,recall,retrieved_pairs,relevant_retrieved_pairs\n");
        for (int r = 0; r < radius.length; r++) {
            sb.append(radius[r]).append(',')
                    .append(Double.isNaN(precision[r]) ? "" : String.format(Locale.ROOT, "%.6f", precision[r])).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", recall[r])).append(',')
                    .append(retrievedPairs[r]).append(',')
                    .append(relevantRetrievedPairs[r]).append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrecisionRecallCurve c && Arrays.equals(radius, c.radius) && Arrays.equals(precision, c.precision)
                && Arrays.equals(recall, c.recall) && Arrays.equals(retrievedPairs, c.retrievedPairs)
                && Arrays.equals(relevantRetrievedPairs, c.relevantRetrievedPairs) && relevantPairs == c.relevantPairs;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(precision) * 31 + Arrays.hashCode(recall);
    }

    @Override
    public String toString() {
        return "PrecisionRecallCurve" + toCsv();
    }
}
