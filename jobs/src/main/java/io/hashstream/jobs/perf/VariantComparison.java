package io.hashstream.jobs.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

/**
 * The variants of one harness invocation side by side. The harness alternates them, one run each per
 * round, so a variant's runs and the first variant's runs of the same round saw the same machine. This
 * summarizes them the way the measurements in BENCHMARKS.md are quoted: the median rate of each
 * variant's warm runs, and the median of its same-round ratios to the first variant.
 *
 * <p>The invocation's first run is left out: it starts in a cold JVM (or on a fresh TaskManager), and
 * its JIT compilers take a large share of the machine. Runs of different conditions (picture size,
 * parallelism, batch, delivery, rate) are summarized apart, never pooled.
 */
final class VariantComparison {

    /** One finished run. {@code cpuCores}: the process's CPU over the window, in cores. */
    record Run(String condition, String variant, int round, boolean firstOfInvocation, String name, double rate,
               double cpuCores) {
        double cpuMillisPerEvent() {
            return rate > 0 ? 1000 * cpuCores / rate : Double.NaN;
        }
    }

    private final List<Run> runs = new ArrayList<>();

    /** Records a run; its round is how many runs of {@code variant} under {@code condition} came before. */
    void add(String condition, String variant, String name, double rate, double cpuCores) {
        int round = (int) runs.stream().filter(r -> r.condition().equals(condition) && r.variant().equals(variant)).count();
        runs.add(new Run(condition, variant, round, runs.isEmpty(), name, rate, cpuCores));
    }

    /** The median same-round ratio of {@code variant}'s rate to the first variant's, NaN without a warm pair. */
    double medianRatio(String condition, String variant) {
        return median(Arrays.stream(ratios(condition, variant)));
    }

    /** The median rate of {@code variant}'s warm runs under {@code condition}, NaN without one. */
    double medianRate(String condition, String variant) {
        return median(warm(condition, variant).stream().mapToDouble(Run::rate));
    }

    /** Markdown: one table per condition; empty when the invocation had a single variant. */
    String markdown() {
        Map<String, List<String>> variantsByCondition = new LinkedHashMap<>();
        for (Run r : runs) {
            List<String> vs = variantsByCondition.computeIfAbsent(r.condition(), c -> new ArrayList<>());
            if (!vs.contains(r.variant())) {
                vs.add(r.variant());
            }
        }
        if (variantsByCondition.values().stream().allMatch(vs -> vs.size() < 2)) {
            return "";
        }
        StringBuilder s = new StringBuilder("## Variants side by side\n\n")
                .append("Warm runs only: the invocation's first run (")
                .append(runs.get(0).name())
                .append(") is left out. A same-round ratio divides a variant's rate by the first variant's in the same "
                        + "round; their median is the number to quote.\n\n");
        variantsByCondition.forEach((condition, variants) -> {
            if (variants.size() < 2) {
                return;
            }
            String reference = variants.get(0);
            s.append(String.format(Locale.ROOT, "%s, against `%s`:%n%n", condition, reference));
            s.append("| variant | warm runs: events/s | median events/s | same-round ratio: median (min–max) | CPU ms per event, median (the CPU column's process) |\n");
            s.append("|---|---|---:|---|---:|\n");
            for (String v : variants) {
                List<Run> warm = warm(condition, v);
                double[] ratios = ratios(condition, v);
                s.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %.3f |%n", v,
                        warm.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.rate())).collect(Collectors.joining(" / ")),
                        median(warm.stream().mapToDouble(Run::rate)),
                        ratios.length == 0 ? "–" : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)",
                                median(Arrays.stream(ratios)), ratios[0], ratios[ratios.length - 1]),
                        median(warm.stream().mapToDouble(Run::cpuMillisPerEvent))));
            }
            s.append('\n');
        });
        return s.toString();
    }

    private List<Run> warm(String condition, String variant) {
        return runs.stream()
                .filter(r -> !r.firstOfInvocation() && r.condition().equals(condition) && r.variant().equals(variant))
                .toList();
    }

    /** Same-round ratios to the condition's first variant, ascending. */
    private double[] ratios(String condition, String variant) {
        String reference = runs.stream().filter(r -> r.condition().equals(condition)).findFirst()
                .map(Run::variant).orElse(null);
        List<Run> references = warm(condition, reference);
        return warm(condition, variant).stream()
                .flatMapToDouble(r -> references.stream().filter(ref -> ref.round() == r.round())
                        .mapToDouble(ref -> r.rate() / ref.rate()))
                .sorted()
                .toArray();
    }

    private static double median(DoubleStream values) {
        double[] v = values.sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
