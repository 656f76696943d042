package io.hashstream.training.eval;

import io.hashstream.code.BinaryCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hamming-ranking retrieval metrics for single-label data (relevant = same label): MAP@R for
 * several cutoffs, precision within a Hamming radius, and the precision-recall curve over radius.
 *
 * <p>The ranking of the database for a query is by Hamming distance, ties broken by database index
 * (a stable order, so results do not depend on a sort implementation). Distances take only K + 1
 * values, so each query is ranked by counting (a histogram of distances, then ranks read off it:
 * O(database) per query, no comparison sort, no ranked list built), and queries are spread over
 * worker threads. Results are identical for any
 * thread count: per-query values are summed in query order.
 */
public final class RetrievalEvaluator {

    /** Cutoff meaning "the whole database". */
    public static final int ALL = Integer.MAX_VALUE;
    /** Queries claimed per step by a worker. */
    private static final int CHUNK = 32;

    private final int[] cutoffs;
    private final int radius;
    private final int threads;

    /**
     * @param cutoffs MAP cutoffs R (positive; {@link #ALL} for the whole database); reported in this order
     * @param radius Hamming radius for the precision-within-radius metric
     * @param threads worker threads (at least 1)
     */
    public RetrievalEvaluator(int[] cutoffs, int radius, int threads) {
        if (cutoffs.length == 0) {
            throw new IllegalArgumentException("at least one MAP cutoff is needed");
        }
        for (int r : cutoffs) {
            if (r <= 0) {
                throw new IllegalArgumentException("MAP cutoff must be positive, got " + r);
            }
        }
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + radius);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.cutoffs = cutoffs.clone();
        this.radius = radius;
        this.threads = threads;
    }

    /** The project's protocol: MAP@1000, MAP@all, P@H&lt;=2, all available cores. */
    public static RetrievalEvaluator standard() {
        return new RetrievalEvaluator(new int[] {1000, ALL}, 2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Ranks {@code database} for every query and measures the ranking; query i is relevant to database
     * item j iff {@code queryLabels[i] == databaseLabels[j]}. All codes must have the same length.
     */
    public RetrievalMetrics evaluate(BinaryCode[] queries, int[] queryLabels, BinaryCode[] database, int[] databaseLabels) {
        if (queries.length != queryLabels.length || database.length != databaseLabels.length) {
            throw new IllegalArgumentException("codes and labels differ in count: queries " + queries.length + "/"
                    + queryLabels.length + ", database " + database.length + "/" + databaseLabels.length);
        }
        if (queries.length == 0 || database.length == 0) {
            throw new IllegalArgumentException("need at least one query and one database item");
        }
        int bits = queries[0].bits();
        PackedCodes q = PackedCodes.of(queries, bits);
        PackedCodes db = PackedCodes.of(database, bits);

        int n = database.length;
        int[] effective = new int[cutoffs.length];
        for (int i = 0; i < cutoffs.length; i++) {
            effective[i] = Math.min(cutoffs[i], n);
        }
        int[] ascending = Arrays.stream(effective).distinct().sorted().toArray();

        Shared shared = new Shared(q, queryLabels, db, databaseLabels, bits, ascending, radius);
        List<Worker> workers = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < Math.min(threads, (queries.length + CHUNK - 1) / CHUNK); t++) {
            workers.add(new Worker(shared, next));
        }
        runAll(workers);

        long[] pairsAt = new long[bits + 1];
        long[] relevantAt = new long[bits + 1];
        for (Worker w : workers) {
            for (int d = 0; d <= bits; d++) {
                pairsAt[d] += w.pairsAt[d];
                relevantAt[d] += w.relevantAt[d];
            }
        }
        long relevantPairs = Arrays.stream(relevantAt).sum();

        List<MapAtR> maps = new ArrayList<>();
        for (int i = 0; i < cutoffs.length; i++) {
            int c = Arrays.binarySearch(ascending, effective[i]);
            maps.add(meanAp(shared.ap[c], shared.relevantInTop[c], effective[i], cutoffs[i] >= n));
        }
        double precisionSum = 0;
        int nothingInside = 0;
        for (int i = 0; i < queries.length; i++) {
            precisionSum += shared.precisionInRadius[i];
            if (shared.retrievedInRadius[i] == 0) {
                nothingInside++;
            }
        }
        PrecisionAtRadius par = new PrecisionAtRadius(radius, precisionSum / queries.length, nothingInside);
        return new RetrievalMetrics(queries.length, n, bits, maps, par,
                PrecisionRecallCurve.fromDistanceHistograms(pairsAt, relevantAt, relevantPairs));
    }

    private static MapAtR meanAp(double[] ap, int[] relevantInTop, int cutoff, boolean all) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < ap.length; i++) {
            if (relevantInTop[i] > 0) {
                sum += ap[i];
                counted++;
            }
        }
        int empty = ap.length - counted;
        double reference = counted == 0 ? 0.0 : sum / counted;
        return new MapAtR(cutoff, all, reference, sum / ap.length, empty);
    }

    private static void runAll(List<Worker> workers) {
        if (workers.size() == 1) {
            workers.get(0).run();
            return;
        }
        List<Thread> started = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < workers.size(); i++) {
            Thread t = new Thread(workers.get(i), "retrieval-eval-" + i);
            t.setUncaughtExceptionHandler((th, e) -> {
                synchronized (failure) {
                    if (failure[0] == null) {
                        failure[0] = e;
                    }
                }
            });
            t.start();
            started.add(t);
        }
        try {
            for (Thread t : started) {
                t.join();
            }
        } catch (InterruptedException e) {
            started.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating", e);
        }
        if (failure[0] != null) {
            throw new IllegalStateException("evaluation worker failed", failure[0]);
        }
    }

    /** Inputs and per-query outputs; workers write disjoint query slots. */
    private static final class Shared {
        final PackedCodes queries;
        final int[] queryLabels;
        final PackedCodes database;
        final int[] databaseLabels;
        final int bits;
        final int[] cutoffs;
        final int radius;
        final double[][] ap;
        final int[][] relevantInTop;
        final double[] precisionInRadius;
        final int[] retrievedInRadius;

        Shared(PackedCodes queries, int[] queryLabels, PackedCodes database, int[] databaseLabels, int bits,
               int[] ascendingCutoffs, int radius) {
            this.queries = queries;
            this.queryLabels = queryLabels;
            this.database = database;
            this.databaseLabels = databaseLabels;
            this.bits = bits;
            this.cutoffs = ascendingCutoffs;
            this.radius = radius;
            int nq = queries.count();
            this.ap = new double[ascendingCutoffs.length][nq];
            this.relevantInTop = new int[ascendingCutoffs.length][nq];
            this.precisionInRadius = new double[nq];
            this.retrievedInRadius = new int[nq];
        }
    }

    private static final class Worker implements Runnable {
        private final Shared s;
        private final AtomicInteger next;
        private final int[] distance;
        private final int[] atDistance;
        private final int[] relevantAtDistance;
        private final int[] nextRank;
        private final int[] nextHit;
        private final double[] precisionSums;
        private final int[] hits;
        final long[] pairsAt;
        final long[] relevantAt;

        Worker(Shared s, AtomicInteger next) {
            this.s = s;
            this.next = next;
            int n = s.database.count();
            this.distance = new int[n];
            this.atDistance = new int[s.bits + 1];
            this.relevantAtDistance = new int[s.bits + 1];
            this.nextRank = new int[s.bits + 1];
            this.nextHit = new int[s.bits + 1];
            this.precisionSums = new double[s.cutoffs.length];
            this.hits = new int[s.cutoffs.length];
            this.pairsAt = new long[s.bits + 1];
            this.relevantAt = new long[s.bits + 1];
        }

        @Override
        public void run() {
            int nq = s.queries.count();
            for (int from = next.getAndAdd(CHUNK); from < nq; from = next.getAndAdd(CHUNK)) {
                int to = Math.min(nq, from + CHUNK);
                for (int qi = from; qi < to; qi++) {
                    evaluateQuery(qi);
                }
            }
        }

        private void evaluateQuery(int qi) {
            int label = s.queryLabels[qi];
            int[] labels = s.databaseLabels;
            Arrays.fill(atDistance, 0);
            Arrays.fill(relevantAtDistance, 0);
            s.database.distancesTo(s.queries, qi, distance);
            for (int j = 0; j < distance.length; j++) {
                int d = distance[j];
                atDistance[d]++;
                if (labels[j] == label) {
                    relevantAtDistance[d]++;
                }
            }

            int inside = 0;
            int goodInside = 0;
            for (int d = 0; d <= Math.min(s.radius, s.bits); d++) {
                inside += atDistance[d];
                goodInside += relevantAtDistance[d];
            }
            s.retrievedInRadius[qi] = inside;
            s.precisionInRadius[qi] = inside == 0 ? 0.0 : (double) goodInside / inside;
            for (int d = 0; d <= s.bits; d++) {
                pairsAt[d] += atDistance[d];
                relevantAt[d] += relevantAtDistance[d];
            }

            scoreRanking(qi, label, labels);
        }

        /**
         * AP at every cutoff without materializing the ranking. Ranked by (distance, index), an item's
         * rank is the number of items in nearer buckets plus the earlier items of its own bucket, and
         * the relevant items up to it are counted the same way; so one pass in index order suffices.
         */
        private void scoreRanking(int qi, int label, int[] labels) {
            int rankStart = 0;
            int hitStart = 0;
            for (int d = 0; d <= s.bits; d++) {
                nextRank[d] = rankStart;
                nextHit[d] = hitStart;
                rankStart += atDistance[d];
                hitStart += relevantAtDistance[d];
            }
            int[] cutoffs = s.cutoffs;
            int top = cutoffs[cutoffs.length - 1];
            Arrays.fill(precisionSums, 0.0);
            Arrays.fill(hits, 0);
            for (int j = 0; j < distance.length; j++) {
                int d = distance[j];
                int rank = nextRank[d]++;
                if (labels[j] == label) {
                    int hit = ++nextHit[d]; // relevant items at ranks 0..rank
                    if (rank < top) {
                        double precision = (double) hit / (rank + 1);
                        for (int c = 0; c < cutoffs.length; c++) {
                            if (rank < cutoffs[c]) {
                                precisionSums[c] += precision;
                                hits[c]++;
                            }
                        }
                    }
                }
            }
            for (int c = 0; c < cutoffs.length; c++) {
                s.relevantInTop[c][qi] = hits[c];
                s.ap[c][qi] = hits[c] == 0 ? 0.0 : precisionSums[c] / hits[c];
            }
        }
    }
}
