package io.hashstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.index.MultiIndexHammingIndex;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result of {@link FlatScanBenchmark} and {@link RadiusQueryBenchmark} into the
 * Markdown tables of BENCHMARKS.md: medians of the measurement iterations, codes/s for the scan,
 * and the multi-index speed-up over the flat scan on the same data and queries.
 *
 * <p>Usage: {@code java -cp hashstream-benchmarks.jar io.hashstream.bench.HammingResultsTable results.json}
 */
public final class HammingResultsTable {

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        List<String> scan = new ArrayList<>();
        Map<String, double[]> radius = new LinkedHashMap<>(); // key -> {flat µs, multi-index µs}
        for (JsonNode run : results) {
            String benchmark = run.get("benchmark").asText();
            JsonNode p = run.get("params");
            double median = median(run.get("primaryMetric").get("rawData"));
            if (benchmark.endsWith("FlatScanBenchmark.scan")) {
                int size = p.get("size").asInt();
                scan.add(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f |",
                        p.get("bits").asText(), size, median, size / (median / 1e3) / 1e9));
            } else if (benchmark.endsWith("RadiusQueryBenchmark.query")) {
                String key = p.get("size").asText() + "," + p.get("bits").asText() + ","
                        + p.get("distribution").asText() + "," + p.get("radius").asText();
                double[] pair = radius.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN});
                pair[p.get("index").asText().equals("flat") ? 0 : 1] = median;
            }
        }
        if (!scan.isEmpty()) {
            System.out.println("Flat scan, one thread (radius-0 query over uniform codes):\n");
            System.out.println("| bits | codes | ms per scan (median) | G codes/s/core |");
            System.out.println("|---|---|---|---|");
            scan.forEach(System.out::println);
            System.out.println();
        }
        if (!radius.isEmpty()) {
            System.out.println("Radius query latency, multi-index vs flat scan (same data, same queries; µs, median):\n");
            System.out.println("| codes | bits | data | r | m | flat µs | multi-index µs | speed-up |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            radius.forEach((key, pair) -> {
                String[] k = key.split(",");
                int size = Integer.parseInt(k[0]);
                int bits = Integer.parseInt(k[1]);
                int r = Integer.parseInt(k[3]);
                int m = MultiIndexHammingIndex.defaultSubstrings(bits, r, size);
                System.out.printf(Locale.ROOT, "| %,d | %d | %s | %d | %d | %.1f | %.1f | %.0f× |%n",
                        size, bits, k[2], r, m, pair[0], pair[1], pair[0] / pair[1]);
            });
        }
    }

    /** Median over all measurement iterations (rawData: one array of iteration scores per fork). */
    private static double median(JsonNode rawData) {
        List<Double> scores = new ArrayList<>();
        rawData.forEach(fork -> fork.forEach(score -> scores.add(score.asDouble())));
        double[] sorted = scores.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
