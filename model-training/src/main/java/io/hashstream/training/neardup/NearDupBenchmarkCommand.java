package io.hashstream.training.neardup;

import io.hashstream.model.TfThreads;
import io.hashstream.training.augment.AugmentationFamily;
import io.hashstream.training.tools.CodeEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code benchmark-neardup}: on the held-out test sources, one edit per source and family; per encoder,
 * recall per family at its operating threshold and at fixed FPRs, the FPR over all (edit, original of a
 * different source) pairs, a recall-vs-FPR PNG and an HTML report of hardest misses and closest false
 * positives. Writes OUT/results.md, OUT/recall-vs-fpr.png, OUT/report/index.html.
 */
@Command(name = "benchmark-neardup", mixinStandardHelpOptions = true,
        description = "Near-duplicate benchmark of encoders on the held-out test (or validation) sources.")
public final class NearDupBenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--encoder", required = true, arity = "1..*",
            description = "LABEL=SPEC where SPEC is model:DIR, model-bf16:DIR, model-jpeg:DIR, model-jpeg-dct:DIR, pdq or dhash (repeatable), e.g. learned-128=model:runs/x/model")
    List<String> encoders;
    @Option(names = "--data", split = ",", description = "image folders (default: the Debian collections)")
    List<Path> data;
    @Option(names = {"--limit", "--test-limit"}, defaultValue = "0", description = "held-out sources used: the first N in key order, 0 = all "
            + "(default ${DEFAULT-VALUE}; keys cluster by category, so the first N are not a sample of the whole)")
    int testLimit;
    @Option(names = "--part", defaultValue = "TEST", description = "which held-out sources: TEST or VALIDATION (choose "
            + "models on VALIDATION, so the test sources stay unseen until the last measurement; default ${DEFAULT-VALUE})")
    SourceSplit.Part part;
    @Option(names = "--source-size", defaultValue = "160", description = "(default ${DEFAULT-VALUE})")
    int sourceSize;
    @Option(names = "--seed", defaultValue = "7", description = "seeds the edits (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--report-per-family", defaultValue = "4", description = "misses and false positives shown per family")
    int perFamily;
    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        Files.createDirectories(out);
        if (part == SourceSplit.Part.TRAIN) {
            throw new IllegalArgumentException("--part TRAIN: the training sources are not held out");
        }
        List<Path> roots = data == null || data.isEmpty() ? SourceImages.DEBIAN_COLLECTIONS : data;
        List<BufferedImage> sources = NearDupData.images(
                NearDupData.load(roots, SourceSplit.defaults(), part, sourceSize, testLimit, err));
        int n = sources.size();
        FamilyEdits edits = new FamilyEdits(seed);
        Map<String, CodeEncoder> open = new LinkedHashMap<>();
        try {
            for (String e : encoders) {
                int eq = e.indexOf('=');
                String label = eq > 0 ? e.substring(0, eq) : e;
                open.put(label, CodeEncoder.parse(eq > 0 ? e.substring(eq + 1) : e, TfThreads.wholeMachine()));
            }
            Map<String, PackedCodes> originals = new LinkedHashMap<>();
            Map<String, Map<AugmentationFamily, PackedCodes>> views = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            for (Map.Entry<String, CodeEncoder> e : open.entrySet()) {
                originals.put(e.getKey(), pack(e.getValue(), sources));
                views.put(e.getKey(), new EnumMap<>(AugmentationFamily.class));
            }
            for (AugmentationFamily f : AugmentationFamily.values()) {
                List<BufferedImage> edited = edits.edits(sources, f);
                for (Map.Entry<String, CodeEncoder> e : open.entrySet()) {
                    views.get(e.getKey()).put(f, pack(e.getValue(), edited));
                }
                err.printf(Locale.ROOT, "\r%s: %d edits encoded by %d encoders (%.0f s)      ", f.id(), n, open.size(),
                        (System.nanoTime() - t0) / 1e9);
                err.flush();
            }
            err.println();
            Map<String, NearDupScores> scores = new LinkedHashMap<>();
            Map<String, Integer> thresholds = new LinkedHashMap<>();
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "%s sources: %d; one edit per source and family (seed %d); "
                    + "negatives: every edit against the original of every other source.%n%n",
                    part == SourceSplit.Part.TEST ? "Test" : "Validation", n, seed));
            for (Map.Entry<String, CodeEncoder> e : open.entrySet()) {
                NearDupScores s = NearDupScores.score(originals.get(e.getKey()), views.get(e.getKey()), perFamily);
                scores.put(e.getKey(), s);
                int thr = e.getValue().matchThreshold();
                thresholds.put(e.getKey(), thr);
                md.append(NearDupTables.markdown(e.getKey() + " — " + e.getValue().id(), e.getValue().bits(), thr, s))
                        .append('\n');
            }
            Files.writeString(out.resolve("results.md"), md.toString());
            spec.commandLine().getOut().print(md);
            RecallFprChart.writePng(out.resolve("recall-vs-fpr.png"),
                    "Near-duplicates: recall vs FPR (" + n + " " + part.name().toLowerCase(Locale.ROOT)
                            + " sources, all edit families)", scores);
            Path report = NearDupReport.write(out.resolve("report"), scores, thresholds, sources::get,
                    (f, i) -> edits.edit(sources.get(i), f, i), perFamily);
            spec.commandLine().getOut().printf("wrote %s, %s and %s%n", out.resolve("results.md"),
                    out.resolve("recall-vs-fpr.png"), report);
        } finally {
            open.values().forEach(CodeEncoder::close);
        }
        return 0;
    }

    private static PackedCodes pack(CodeEncoder enc, List<BufferedImage> images) {
        List<io.hashstream.code.BinaryCode> codes = new ArrayList<>(images.size());
        for (CodeEncoder.Encoded c : enc.encodeImages(images)) {
            codes.add(c.code());
        }
        return new PackedCodes(codes, enc.bits());
    }
}
