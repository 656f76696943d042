package io.hashstream.training.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.code.BinaryCode;
import io.hashstream.training.baseline.HashingMethod;
import io.hashstream.training.baseline.ItqBaseline;
import io.hashstream.training.baseline.LshBaseline;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.data.FashionMnist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs the LSH and ITQ baselines on Fashion-MNIST under the project's evaluation protocol
 * (queries = the test split, database = the training split, which is also what the baselines are
 * fitted on) and writes the table, a CSV, a JSON of settings and metrics, and one
 * precision-recall PNG per code length into {@code --out}.
 *
 * <p>Run alone ({@link #main}: {@code java -cp hashstream-train.jar io.hashstream.training.eval.BaselineReport});
 * the training CLI does not list it.
 */
@Command(name = "baselines", mixinStandardHelpOptions = true,
        description = "Fit and evaluate the LSH and ITQ baselines on Fashion-MNIST (queries = test, database = train).")
public final class BaselineReport implements Callable<Integer> {

    @Option(names = "--bits", split = ",", description = "Code lengths (default: ${DEFAULT-VALUE}).", defaultValue = "16,32,48,64")
    List<Integer> bits = new ArrayList<>();

    @Option(names = "--methods", split = ",", description = "Baselines: lsh, itq (default: ${DEFAULT-VALUE}).", defaultValue = "lsh,itq")
    List<String> methods = new ArrayList<>();

    @Option(names = "--seed", description = "Seed of the random hyperplanes / initial rotation (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--itq-iterations", description = "ITQ rotation iterations (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    int itqIterations;

    @Option(names = "--queries", description = "Use the first N test images as queries (default: all).")
    Integer queries;

    @Option(names = "--database", description = "Use the first N training images as database and fitting data (default: all).")
    Integer database;

    @Option(names = "--threads", description = "Evaluation threads (default: available processors).")
    Integer threads;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "runs/baselines")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BaselineReport()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.err;
        for (String m : methods) {
            create(m, BinaryCode.MIN_BITS); // fail on a typo before loading any data
        }
        long t0 = System.nanoTime();
        double loadBefore = ProcessCpu.loadAverage();
        FashionMnist.Raw rawTrain = FashionMnist.readRaw(FashionMnist.dir(), FashionMnist.Split.TRAIN);
        FashionMnist.Raw rawTest = FashionMnist.readRaw(FashionMnist.dir(), FashionMnist.Split.TEST);
        Dataset train = FashionMnist.preprocess(database == null ? rawTrain : rawTrain.head(database), FashionMnist.nativeInput());
        Dataset test = FashionMnist.preprocess(queries == null ? rawTest : rawTest.head(queries), FashionMnist.nativeInput());
        log.printf(Locale.ROOT, "loaded %s and %s through the shared preprocessing in %.1f s%n", train, test, seconds(t0));

        int evalThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        RetrievalEvaluator evaluator = new RetrievalEvaluator(new int[] {1000, RetrievalEvaluator.ALL}, 2, evalThreads);
        List<EvaluationRow> rows = new ArrayList<>();
        Files.createDirectories(out);
        for (int k : bits) {
            Map<String, PrecisionRecallCurve> curves = new LinkedHashMap<>();
            for (String m : methods) {
                HashingMethod method = create(m, k);
                EvaluationRow row = evaluate(method, train, test, evaluator, settings(m));
                rows.add(row);
                curves.put(row.method() + "-" + k, row.metrics().precisionRecall());
                Files.writeString(out.resolve("pr-" + row.method().toLowerCase(Locale.ROOT) + "-" + k + ".csv"),
                        row.metrics().precisionRecall().toCsv());
                log.printf(Locale.ROOT, "%s-%d: MAP@1000 %.4f  MAP@all %.4f  P@H<=2 %.4f  (fit %.1f s [CPU %.1f s], encode %.1f s, "
                        + "eval %.1f s [CPU %.1f s])%n", row.method(), k, row.map1000(), row.mapAll(), row.precisionWithinRadius2(),
                        row.fitSeconds(), row.fitCpuSeconds(), row.encodeSeconds(), row.evaluateSeconds(), row.evaluateCpuSeconds());
            }
            PrecisionRecallChart.writePng(out.resolve("pr-" + k + ".png"),
                    "Fashion-MNIST, " + k + " bits: precision-recall over Hamming radius", curves);
        }

        String protocol = rows.isEmpty() ? "" : rows.get(0).metrics().protocol();
        String table = EvaluationRow.markdownTable(rows);
        Files.writeString(out.resolve("results.md"), "Protocol: " + protocol + "\n\n" + table);
        Files.writeString(out.resolve("results.csv"), EvaluationRow.csv(rows));
        double loadAfter = ProcessCpu.loadAverage();
        writeJson(out.resolve("results.json"), train, test, protocol, rows, loadBefore, loadAfter);
        System.out.println("Protocol: " + protocol);
        System.out.println();
        System.out.print(table);
        log.printf(Locale.ROOT, "wrote %s (results.md, results.csv, results.json, pr-*.png, pr-*.csv); total %.1f s; "
                + "1-min load average %.1f at start, %.1f at end, on %d processors%n",
                out.toAbsolutePath(), seconds(t0), loadBefore, loadAfter, Runtime.getRuntime().availableProcessors());
        return 0;
    }

    /** Fits {@code method} on {@code fitAndDatabase}, encodes both sets and evaluates: one table row. */
    public static EvaluationRow evaluate(HashingMethod method, Dataset fitAndDatabase, Dataset queries,
                                         RetrievalEvaluator evaluator, String settings) {
        long t0 = System.nanoTime();
        long cpu0 = ProcessCpu.nanos();
        method.fit(fitAndDatabase);
        double fit = seconds(t0);
        double fitCpu = (ProcessCpu.nanos() - cpu0) / 1e9;
        long t1 = System.nanoTime();
        BinaryCode[] db = method.encode(fitAndDatabase);
        BinaryCode[] q = method.encode(queries);
        double encode = seconds(t1);
        long t2 = System.nanoTime();
        long cpu2 = ProcessCpu.nanos();
        RetrievalMetrics metrics = evaluator.evaluate(q, queries.labels(), db, fitAndDatabase.labels());
        double eval = seconds(t2);
        double evalCpu = (ProcessCpu.nanos() - cpu2) / 1e9;
        return new EvaluationRow(method.name(), method.bits(), metrics, fit, fitCpu, encode, eval, evalCpu, settings);
    }

    private HashingMethod create(String name, int k) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "lsh" -> new LshBaseline(k, seed);
            case "itq" -> new ItqBaseline(k, itqIterations, seed, Runtime.getRuntime().availableProcessors());
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown baseline '" + name + "' (lsh, itq)");
        };
    }

    private String settings(String name) {
        return name.equalsIgnoreCase("itq") ? "seed=" + seed + ", iterations=" + itqIterations : "seed=" + seed;
    }

    private void writeJson(Path file, Dataset train, Dataset test, String protocol, List<EvaluationRow> rows,
                           double loadBefore, double loadAfter) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", "baselines");
        doc.put("dataset", "fashion-mnist");
        doc.put("database", train.toString());
        doc.put("queries", test.toString());
        doc.put("input", train.input());
        doc.put("seed", seed);
        doc.put("itqIterations", itqIterations);
        doc.put("processors", Runtime.getRuntime().availableProcessors());
        doc.put("loadAverageAtStart", loadBefore);
        doc.put("loadAverageAtEnd", loadAfter);
        doc.put("protocol", protocol);
        List<Map<String, Object>> results = new ArrayList<>();
        for (EvaluationRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            m.put("bits", r.bits());
            m.put("settings", r.settings());
            m.put("fitSeconds", r.fitSeconds());
            m.put("fitCpuSeconds", r.fitCpuSeconds());
            m.put("encodeSeconds", r.encodeSeconds());
            m.put("evaluateSeconds", r.evaluateSeconds());
            m.put("evaluateCpuSeconds", r.evaluateCpuSeconds());
            m.put("maps", r.metrics().maps());
            m.put("precisionAtRadius", r.metrics().precisionAtRadius());
            results.add(m);
        }
        doc.put("results", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
