package io.hashstream.training.eval;

import java.util.List;

/**
 * Everything one {@link RetrievalEvaluator} run measures.
 *
 * @param queries number of queries
 * @param database database size
 * @param bits code length
 * @param maps one entry per requested cutoff, in the order requested
 * @param precisionAtRadius precision within the configured Hamming radius
 * @param precisionRecall the precision-recall curve over Hamming radius 0..bits
 */
public record RetrievalMetrics(int queries, int database, int bits, List<MapAtR> maps,
                               PrecisionAtRadius precisionAtRadius, PrecisionRecallCurve precisionRecall) {

    public RetrievalMetrics {
        maps = List.copyOf(maps);
    }

    /**
     * The MAP at cutoff {@code r} ({@link RetrievalEvaluator#ALL} for the whole database). A cutoff at or
     * beyond the database size was computed as the whole database.
     */
    public MapAtR mapAt(int r) {
        for (MapAtR m : maps) {
            if (r == RetrievalEvaluator.ALL || r >= database ? m.all() : (m.cutoff() == r && !m.all())) {
                return m;
            }
        }
        throw new IllegalArgumentException("MAP@" + (r == RetrievalEvaluator.ALL ? "all" : r) + " was not computed");
    }

    /** States the protocol in one paragraph (printed next to the numbers). */
    public String protocol() {
        return "Hamming ranking of all " + database + " database codes for each of " + queries + " queries, "
                + "ties broken by database index; relevant = same label. MAP@R as in HashNet's code: AP over the top R "
                + "normalized by the relevant items retrieved in the top R, queries with none in the top R excluded from the mean "
                + "(the mean with them as 0 is reported too). P@H<=" + precisionAtRadius.radius()
                + ": precision of the items within that Hamming radius, a query with nothing inside counts 0 (as in DHN's code). "
                + "PR curve: query-database pairs pooled over all queries at each Hamming radius 0..K.";
    }
}
