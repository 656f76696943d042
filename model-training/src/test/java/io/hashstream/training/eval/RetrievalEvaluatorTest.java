package io.hashstream.training.eval;

import io.hashstream.code.BinaryCode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RetrievalEvaluatorTest {
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    // Query 0x00 sees: idx0 d=2 (A), idx1 d=0 (B), idx2 d=1 (A), idx3 d=0 (A), idx4 d=1 (B).
    // Stable ranking (distance, index): idx1 B, idx3 A, idx2 A, idx4 B, idx0 A -> relevance 0 1 1 0 1.
    private static final BinaryCode[] DB = {code(0b11), code(0), code(0b01), code(0), code(0b10)};
    private static final int[] DB_LABELS = {A, B, A, A, B};

    private static BinaryCode code(int lowByte) {
        return BinaryCode.fromBytes(new byte[] {(byte) lowByte});
    }

    private static RetrievalMetrics evaluate(int[] cutoffs, BinaryCode[] q, int[] ql) {
        return new RetrievalEvaluator(cutoffs, 2, 1).evaluate(q, ql, DB, DB_LABELS);
    }

    @Test
    void mapBreaksTiesByDatabaseIndex() {
        RetrievalMetrics m = evaluate(new int[] {1, 2, RetrievalEvaluator.ALL}, new BinaryCode[] {code(0)}, new int[] {A});

        // AP@all = (1/2 + 2/3 + 3/5) / 3; ranking idx3 before idx1 would give (1 + 2/3 + 3/5) / 3 instead.
        assertThat(m.mapAt(RetrievalEvaluator.ALL).map()).isCloseTo((0.5 + 2.0 / 3 + 0.6) / 3, within(1e-12));
        // Top 2 = [B, A]: one relevant retrieved, AP = (1/2) / 1.
        assertThat(m.mapAt(2).map()).isCloseTo(0.5, within(1e-12));
        // Top 1 = [B]: nothing relevant retrieved, so the only query is left out (HashNet) or scores 0.
        MapAtR top1 = m.mapAt(1);
        assertThat(top1.queriesWithoutRelevant()).isEqualTo(1);
        assertThat(top1.map()).isZero();
        assertThat(top1.mapEmptyAsZero()).isZero();
    }

    @Test
    void queryWithoutRelevantItemsIsExcludedFromHashNetMapAndCountsZeroInTheOtherMean() {
        RetrievalMetrics m = evaluate(new int[] {RetrievalEvaluator.ALL},
                new BinaryCode[] {code(0), code(0xFF)}, new int[] {A, C});

        MapAtR all = m.mapAt(RetrievalEvaluator.ALL);
        double ap = (0.5 + 2.0 / 3 + 0.6) / 3;
        assertThat(all.map()).isCloseTo(ap, within(1e-12));
        assertThat(all.mapEmptyAsZero()).isCloseTo(ap / 2, within(1e-12));
        assertThat(all.queriesWithoutRelevant()).isEqualTo(1);
        assertThat(all.all()).isTrue();
        assertThat(all.cutoff()).isEqualTo(5);
    }

    @Test
    void cutoffBeyondDatabaseSizeMeansAll() {
        RetrievalMetrics m = evaluate(new int[] {1000}, new BinaryCode[] {code(0)}, new int[] {A});
        assertThat(m.maps().get(0).cutoff()).isEqualTo(5);
        assertThat(m.maps().get(0).map()).isCloseTo((0.5 + 2.0 / 3 + 0.6) / 3, within(1e-12));
        // Asked for by the cutoff the caller requested (reports ask for MAP@1000 whatever the database size).
        assertThat(m.mapAt(1000)).isEqualTo(m.maps().get(0));
        assertThat(m.mapAt(RetrievalEvaluator.ALL)).isEqualTo(m.maps().get(0));
    }

    @Test
    void precisionWithinRadiusTwoCountsAQueryWithNothingInsideAsZero() {
        // Query 0x00: all five within radius 2, three relevant -> 0.6.
        // Query 0xFF: distances 6, 8, 7, 8, 7 -> nothing inside -> 0.
        RetrievalMetrics m = evaluate(new int[] {RetrievalEvaluator.ALL},
                new BinaryCode[] {code(0), code(0xFF)}, new int[] {A, A});

        assertThat(m.precisionAtRadius().radius()).isEqualTo(2);
        assertThat(m.precisionAtRadius().precision()).isCloseTo(0.3, within(1e-12));
        assertThat(m.precisionAtRadius().queriesWithNothingInside()).isEqualTo(1);
    }

    @Test
    void precisionWithinRadiusUsesOnlyItemsInsideTheBall() {
        // Radius 0 for query 0x00: idx1 (B), idx3 (A) -> 0.5.
        RetrievalMetrics m = new RetrievalEvaluator(new int[] {1}, 0, 1)
                .evaluate(new BinaryCode[] {code(0)}, new int[] {A}, DB, DB_LABELS);
        assertThat(m.precisionAtRadius().precision()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void precisionRecallCurvePoolsPairsOverQueries() {
        RetrievalMetrics m = evaluate(new int[] {RetrievalEvaluator.ALL},
                new BinaryCode[] {code(0), code(0xFF)}, new int[] {A, C});
        PrecisionRecallCurve pr = m.precisionRecall();

        // Pairs: query 0x00 at distances 0,0,1,1,2 (relevant at 0,1,2); query 0xFF (label C, nothing relevant) at 6,7,7,8,8.
        assertThat(pr.points()).isEqualTo(9);
        assertThat(pr.relevantPairs()).isEqualTo(3);
        assertThat(pr.retrievedPairs()).containsExactly(2, 4, 5, 5, 5, 5, 6, 8, 10);
        assertThat(pr.relevantRetrievedPairs()).containsExactly(1, 2, 3, 3, 3, 3, 3, 3, 3);
        assertThat(pr.precision()).containsExactly(new double[] {0.5, 0.5, 0.6, 0.6, 0.6, 0.6, 0.5, 0.375, 0.3}, within(1e-12));
        assertThat(pr.recall()).containsExactly(new double[] {1.0 / 3, 2.0 / 3, 1, 1, 1, 1, 1, 1, 1}, within(1e-12));
        assertThat(pr.toCsv()).startsWith("radius,precision,recall,retrieved_pairs,relevant_retrieved_pairs\n0,0.500000,0.333333,2,1\n");
    }

    @Test
    void precisionIsUndefinedWhereNothingIsRetrievedAndRecallZeroWithoutRelevantPairs() {
        RetrievalMetrics m = evaluate(new int[] {RetrievalEvaluator.ALL}, new BinaryCode[] {code(0xFF)}, new int[] {C});
        PrecisionRecallCurve pr = m.precisionRecall();

        for (int r = 0; r <= 5; r++) {
            assertThat(pr.precision()[r]).isNaN();
        }
        assertThat(pr.precision()[8]).isZero();
        assertThat(pr.recall()).containsOnly(0.0);
        assertThat(pr.toCsv()).contains("\n0,,0.000000,0,0\n");
    }

    @Test
    void matchesABruteForceStableSortOnRandomCodesForAnyThreadCount() {
        Random rnd = new Random(7);
        for (int bits : new int[] {8, 16, 64, 128}) {
            int nq = 70;
            int ndb = 400;
            BinaryCode[] q = randomCodes(rnd, nq, bits);
            BinaryCode[] db = randomCodes(rnd, ndb, bits);
            int[] ql = rnd.ints(nq, 0, 5).toArray();
            int[] dbl = rnd.ints(ndb, 0, 5).toArray();
            ql[0] = 99; // a query with no relevant item anywhere
            int[] cutoffs = {10, 100, RetrievalEvaluator.ALL};

            RetrievalMetrics single = new RetrievalEvaluator(cutoffs, 2, 1).evaluate(q, ql, db, dbl);
            RetrievalMetrics threaded = new RetrievalEvaluator(cutoffs, 2, 3).evaluate(q, ql, db, dbl);
            assertThat(threaded).isEqualTo(single);

            for (int i = 0; i < cutoffs.length; i++) {
                int r = Math.min(cutoffs[i], ndb);
                double[] naive = naiveMap(q, ql, db, dbl, r);
                assertThat(single.maps().get(i).map()).as("bits %d R %d", bits, r).isCloseTo(naive[0], within(1e-12));
                assertThat(single.maps().get(i).mapEmptyAsZero()).isCloseTo(naive[1], within(1e-12));
            }
            assertThat(single.precisionAtRadius().precision()).isCloseTo(naivePrecisionInRadius(q, ql, db, dbl, 2), within(1e-12));
        }
    }

    @Test
    void rejectsMismatchedInputs() {
        RetrievalEvaluator e = RetrievalEvaluator.standard();
        assertThatThrownBy(() -> e.evaluate(new BinaryCode[] {code(0)}, new int[] {}, DB, DB_LABELS))
                .isInstanceOf(IllegalArgumentException.class);
        BinaryCode wide = BinaryCode.fromBytes(new byte[2]);
        assertThatThrownBy(() -> e.evaluate(new BinaryCode[] {wide}, new int[] {A}, DB, DB_LABELS))
                .hasMessageContaining("bits");
        assertThatThrownBy(() -> new RetrievalEvaluator(new int[] {0}, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BinaryCode[] randomCodes(Random rnd, int n, int bits) {
        BinaryCode[] out = new BinaryCode[n];
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[bits / 8];
            rnd.nextBytes(b);
            // few distinct values so that ties are common
            for (int j = 1; j < b.length; j++) {
                b[j] &= 0x03;
            }
            out[i] = BinaryCode.fromBytes(b);
        }
        return out;
    }

    /** Straight from the definition: full stable sort, then HashNet's AP over the top r. Returns {map, mapEmptyAsZero}. */
    private static double[] naiveMap(BinaryCode[] q, int[] ql, BinaryCode[] db, int[] dbl, int r) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < q.length; i++) {
            BinaryCode query = q[i];
            Integer[] order = IntStream.range(0, db.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingInt(j -> query.distance(db[j]))); // Arrays.sort on objects is stable
            int hits = 0;
            double p = 0;
            for (int k = 0; k < r; k++) {
                if (dbl[order[k]] == ql[i]) {
                    hits++;
                    p += (double) hits / (k + 1);
                }
            }
            if (hits > 0) {
                sum += p / hits;
                counted++;
            }
        }
        return new double[] {counted == 0 ? 0 : sum / counted, sum / q.length};
    }

    private static double naivePrecisionInRadius(BinaryCode[] q, int[] ql, BinaryCode[] db, int[] dbl, int radius) {
        double sum = 0;
        for (int i = 0; i < q.length; i++) {
            int in = 0;
            int good = 0;
            for (int j = 0; j < db.length; j++) {
                if (q[i].distance(db[j]) <= radius) {
                    in++;
                    if (dbl[j] == ql[i]) {
                        good++;
                    }
                }
            }
            sum += in == 0 ? 0 : (double) good / in;
        }
        return sum / q.length;
    }
}
