package io.hashstream.training.eval;

/**
 * Precision of the items within Hamming radius {@code radius} of the query, averaged over queries;
 * a query with nothing inside the radius scores 0 (as in DHN's evaluation code).
 *
 * @param radius the Hamming radius (inclusive)
 * @param precision mean over all queries
 * @param queriesWithNothingInside how many queries scored 0 because nothing was inside the radius
 */
public record PrecisionAtRadius(int radius, double precision, int queriesWithNothingInside) {

    public String label() {
        return "P@H<=" + radius;
    }
}
