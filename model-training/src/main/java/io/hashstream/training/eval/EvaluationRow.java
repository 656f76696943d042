package io.hashstream.training.eval;

import java.util.List;
import java.util.Locale;

/**
 * One line of the comparison table: a method at one code length, its retrieval metrics and how
 * long it took. Learned models and baselines report through the same row so they share a table.
 *
 * @param method e.g. {@code LSH}, {@code ITQ}, {@code HashNet}
 * @param bits code length K
 * @param metrics the full evaluation (MAP@1000, MAP@all, P@H&lt;=2, PR curve)
 * @param fitSeconds training / fitting time (wall clock)
 * @param fitCpuSeconds CPU time of the whole process during fitting (all threads; robust to other load on the machine)
 * @param encodeSeconds time to encode queries and database
 * @param evaluateSeconds time of the retrieval evaluation (wall clock)
 * @param evaluateCpuSeconds CPU time of the process during the evaluation
 * @param settings free-form settings that reproduce the row (seed, iterations, ...)
 */
public record EvaluationRow(String method, int bits, RetrievalMetrics metrics, double fitSeconds, double fitCpuSeconds, double encodeSeconds,
                            double evaluateSeconds, double evaluateCpuSeconds, String settings) {

    public double map1000() {
        return metrics.mapAt(1000).map();
    }

    public double mapAll() {
        return metrics.mapAt(RetrievalEvaluator.ALL).map();
    }

    public double precisionWithinRadius2() {
        return metrics.precisionAtRadius().precision();
    }

    /** A Markdown table: method, bits, MAP@1000, MAP@all, P@H&lt;=2, fit wall / CPU, encode, evaluation wall / CPU seconds. */
    public static String markdownTable(List<EvaluationRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Method | Bits | MAP@1000 | MAP@all | P@H≤2 | Fit wall (s) | Fit CPU (s) | Encode (s) | Eval wall (s) | Eval CPU (s) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EvaluationRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", r.method,
                    r.bits, r.map1000(), r.mapAll(), r.precisionWithinRadius2(), r.fitSeconds, r.fitCpuSeconds, r.encodeSeconds,
                    r.evaluateSeconds, r.evaluateCpuSeconds));
        }
        return sb.toString();
    }

    /** CSV with one line per row (header included). */
    public static String csv(List<EvaluationRow> rows) {
        StringBuilder sb = new StringBuilder(
                "method,bits,map_1000,map_all,p_h2,map_1000_empty_as_zero,queries_without_relevant_in_1000,"
                        + "queries_with_nothing_within_h2,fit_seconds,fit_cpu_seconds,encode_seconds,evaluate_seconds,evaluate_cpu_seconds\n");
        for (EvaluationRow r : rows) {
            MapAtR m1000 = r.metrics.mapAt(1000);
            sb.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f,%.6f,%.6f,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f%n", r.method, r.bits,
                    r.map1000(), r.mapAll(), r.precisionWithinRadius2(), m1000.mapEmptyAsZero(), m1000.queriesWithoutRelevant(),
                    r.metrics.precisionAtRadius().queriesWithNothingInside(), r.fitSeconds, r.fitCpuSeconds, r.encodeSeconds,
                    r.evaluateSeconds, r.evaluateCpuSeconds));
        }
        return sb.toString();
    }
}
