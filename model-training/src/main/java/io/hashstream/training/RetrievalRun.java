package io.hashstream.training;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.eval.PrecisionRecallChart;
import io.hashstream.training.eval.RetrievalEvaluator;
import io.hashstream.training.eval.RetrievalMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Runs the project's retrieval protocol on a data split's codes and reports it. */
final class RetrievalRun {
    /** The protocol's cutoffs, in the order {@link RetrievalMetrics#maps()} reports them. */
    private static final int[] CUTOFFS = {1000, RetrievalEvaluator.ALL};
    private static final String[] NAMES = {"map@1000", "map@all"};
    private static final String[] LABELS = {"MAP@1000", "MAP@all"};

    private RetrievalRun() {
    }

    static RetrievalMetrics evaluate(DataSplit data, BinaryCode[] databaseCodes, BinaryCode[] queryCodes) {
        return new RetrievalEvaluator(CUTOFFS, 2, Runtime.getRuntime().availableProcessors())
                .evaluate(queryCodes, data.test().labels(), databaseCodes, data.train().labels());
    }

    /**
     * MAP@1000, MAP@all and P@H≤2 under the names the model card and run.json use (named by the
     * requested cutoff: with fewer than 1000 database items, MAP@1000 equals MAP@all).
     */
    static Map<String, Double> metrics(RetrievalMetrics m) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            out.put(NAMES[i], m.maps().get(i).map());
        }
        out.put("p@h<=" + m.precisionAtRadius().radius(), m.precisionAtRadius().precision());
        out.put("queries", (double) m.queries());
        out.put("database", (double) m.database());
        return out;
    }

    static void print(PrintWriter out, String title, RetrievalMetrics m) {
        out.println(title);
        for (int i = 0; i < NAMES.length; i++) {
            out.printf(Locale.ROOT, "  %-10s %.4f%n", LABELS[i],
                    m.maps().get(i).map());
        }
        out.printf(Locale.ROOT, "  %-10s %.4f%n", m.precisionAtRadius().label(), m.precisionAtRadius().precision());
        out.println("  protocol: " + m.protocol());
    }

    static void writePrCurve(Path png, String label, RetrievalMetrics m) {
        try {
            PrecisionRecallChart.writePng(png, "Precision-recall over Hamming radius", Map.of(label, m.precisionRecall()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
