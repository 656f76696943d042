package io.hashstream.training.eval;

/**
 * Mean average precision over the top {@code cutoff} of the Hamming ranking.
 *
 * <p>{@link #map()} follows HashNet's reference code: a query's AP is the sum of precision@k over
 * the relevant positions k within the top R, divided by the number of relevant items retrieved in
 * the top R, and queries that retrieve no relevant item in the top R are left out of the mean.
 * {@link #mapEmptyAsZero()} is the same mean with those queries counted as AP = 0 instead; the two
 * differ only when {@link #queriesWithoutRelevant()} is non-zero.
 *
 * @param cutoff R, the ranking depth (the database size for "all")
 * @param all whether R is the whole database
 * @param map MAP as in HashNet's code (queries without a relevant item in the top R excluded)
 * @param mapEmptyAsZero MAP with such queries scoring 0
 * @param queriesWithoutRelevant queries with no relevant item in the top R
 */
public record MapAtR(int cutoff, boolean all, double map, double mapEmptyAsZero, int queriesWithoutRelevant) {

    public String label() {
        return all ? "MAP@all" : "MAP@" + cutoff;
    }
}
