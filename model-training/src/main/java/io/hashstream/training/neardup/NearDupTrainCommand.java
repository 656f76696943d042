package io.hashstream.training.neardup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.model.ModelCard;
import io.hashstream.model.TfThreads;
import io.hashstream.training.augment.AugmentationChain;
import io.hashstream.training.augment.AugmentationFamily;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.export.BuildInfo;
import io.hashstream.training.export.ModelExporter;
import io.hashstream.training.net.ThumbnailCnn;
import io.hashstream.training.train.Continuation;
import io.hashstream.training.train.HashTrainer;
import io.hashstream.training.train.LogRow;
import io.hashstream.training.train.LossChart;
import io.hashstream.training.train.Method;
import io.hashstream.training.train.OptimizerSpec;
import io.hashstream.training.train.ProgressBar;
import io.hashstream.training.train.TrainSettings;
import io.hashstream.training.train.TrainingListener;
import io.hashstream.training.train.TrainingSummary;
import io.hashstream.training.tools.CodeEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.Pointer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train-neardup}: instance-level HashNet on unlabeled image folders. Every step is one
 * {@link InstanceBatches} batch (several edited views of each of several train-split sources, label =
 * source within the batch), so HashNet's class-balanced pairwise loss gets s = 1 for edits of one
 * source and s = 0 for different sources. The next batch is made on another thread while TensorFlow
 * runs the current one. At the end the operating radius is calibrated on the validation sources (the
 * largest radius with FPR ≤ --calibration-fpr over all different-source pairs) and written into the
 * card as {@value CodeEncoder#RADIUS_METRIC}.
 */
@Command(name = "train-neardup", mixinStandardHelpOptions = true,
        description = "Train an instance-level (near-duplicate) HashNet encoder on unlabeled image folders.")
public final class NearDupTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bits", defaultValue = "64", description = "code length (default ${DEFAULT-VALUE})")
    int bits;
    @Option(names = "--data", split = ",", description = "image folders (default: the Debian collections "
            + "/usr/share/openclipart/png,/usr/share/tuxpaint/stamps)")
    List<Path> data;
    @Option(names = "--size", defaultValue = "64", description = "RGB input side in pixels (default ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--source-size", defaultValue = "160", description = "sources are shrunk to fit this side (default ${DEFAULT-VALUE})")
    int sourceSize;
    @Option(names = "--sources-per-batch", defaultValue = "32", description = "(default ${DEFAULT-VALUE})")
    int sourcesPerBatch;
    @Option(names = "--views", defaultValue = "4", description = "edited views per source (default ${DEFAULT-VALUE})")
    int views;
    @Option(names = "--neighbour-run", defaultValue = "1", description = "draw a batch's sources in runs of N neighbours in"
            + " key order (look-alike pictures of one series in one batch), 1 = independently (default ${DEFAULT-VALUE})")
    int neighbourRun;
    @Option(names = "--mine-every", defaultValue = "0", description = "with --neighbour-run: every N steps, encode the"
            + " training sources and make runs of each source's nearest others by code (mined hard negatives) instead of"
            + " key-order neighbours; 0 = never (default ${DEFAULT-VALUE})")
    long mineEvery;
    @Option(names = "--flip", description = "include horizontal flips among the training edits")
    boolean flip;
    @Option(names = "--minutes", defaultValue = "15", description = "wall-time budget, 0 = none (default ${DEFAULT-VALUE})")
    double minutes;
    @Option(names = "--steps", defaultValue = "0", description = "step budget, 0 = none (default ${DEFAULT-VALUE})")
    long steps;
    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    float lr;
    @Option(names = "--channels", split = ",", defaultValue = "32,64,128,128", description = "conv blocks (default ${DEFAULT-VALUE})")
    List<Integer> channels;
    @Option(names = "--fc", defaultValue = "256", description = "fc units (default ${DEFAULT-VALUE})")
    int fc;
    @Option(names = "--grid", defaultValue = "1", description = "average-pool the last feature map to grid x grid "
            + "and flatten it; 1 = global average pooling (default ${DEFAULT-VALUE})")
    int grid;
    @Option(names = "--standardize", description = "the network rescales each image to zero mean, unit variance first")
    boolean standardize;
    @Option(names = "--beta-step", defaultValue = "" + Continuation.DEFAULT_STEP_SIZE,
            description = "HashNet's beta = (1 + 0.005 t)^0.5 changes every N steps (default ${DEFAULT-VALUE})")
    int betaStep;
    @Option(names = "--prefetch", defaultValue = "2", description = "batches made ahead on another thread (default ${DEFAULT-VALUE})")
    int prefetch;
    @Option(names = "--seed", defaultValue = "42", description = "(default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--train-limit", defaultValue = "0", description = "use at most N training sources, 0 = all")
    int trainLimit;
    @Option(names = "--validation-limit", defaultValue = "800", description = "validation sources for calibration: the first N"
            + " in key order, 0 = all (default ${DEFAULT-VALUE}; keys cluster by category, so a calibration on the first N"
            + " may not hold on the rest)")
    int validationLimit;
    @Option(names = "--calibration-fpr", defaultValue = "1e-4", description = "(default ${DEFAULT-VALUE})")
    double calibrationFpr;
    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow intra-op threads, 0 = all cores")
    int threads;
    @Option(names = "--out", required = true, description = "output directory (model/, loss-curve.png, run.json)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (minutes <= 0 && steps <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--minutes 0 and --steps 0 would train forever and never export: give at least one budget");
        }
        var err = spec.commandLine().getErr();
        Path modelDir = out.resolve("model");
        if (Files.exists(modelDir)) {
            throw new IllegalArgumentException(modelDir + " exists; choose a new --out");
        }
        if (mineEvery > 0 && neighbourRun < 2) {
            throw new IllegalArgumentException("--mine-every makes runs of nearest sources: it needs --neighbour-run 2 or more");
        }
        Files.createDirectories(out);
        List<Path> roots = data == null || data.isEmpty() ? SourceImages.DEBIAN_COLLECTIONS : data;
        SourceSplit split = SourceSplit.defaults();
        List<BufferedImage> train = NearDupData.images(
                NearDupData.load(roots, split, SourceSplit.Part.TRAIN, sourceSize, trainLimit, err));
        List<BufferedImage> validation = NearDupData.images(
                NearDupData.load(roots, split, SourceSplit.Part.VALIDATION, sourceSize, validationLimit, err));

        ModelInput input = new ModelInput(size, size, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
        ImagePipeline pipeline = new ImagePipeline(input);
        ThumbnailCnn backbone = new ThumbnailCnn(input, channels, fc, grid, standardize);
        AugmentationChain edits = AugmentationChain.realistic(flip);
        InstanceBatches batches = new InstanceBatches(train, pipeline, edits, sourcesPerBatch, views, seed, neighbourRun);
        int b = batches.batchSize();
        Duration time = minutes > 0 ? Duration.ofMillis(Math.round(minutes * 60_000)) : null;
        // One optimizer step per HashTrainer.train call on a batch-sized data set: the trainer then uses
        // exactly our instance batch (its shuffle only reorders it), with β continuing across calls.
        TrainSettings settings = TrainSettings.defaults(Method.HASHNET, bits).withLimits(1, null).withBatch(b)
                .withOptimizer(OptimizerSpec.adam(lr)).withSeed(seed).withContinuation(new Continuation(true, Continuation.DEFAULT_GAMMA,
                        Continuation.DEFAULT_POWER, betaStep))
                .withThreads(threads > 0 ? new TfThreads(threads, 1) : TfThreads.wholeMachine()).withLogEvery(1);
        err.printf(Locale.ROOT, "hashnet-%d instance-level: %d train sources, %s, batch %d = %d sources x %d views, "
                + "adam lr %s, seed %d%n", bits, train.size(), backbone.name(), b, sourcesPerBatch, views, lr, seed);

        List<String> classNames = IntStream.range(0, sourcesPerBatch).mapToObj(i -> "source" + i).toList();
        List<LogRow> log = new ArrayList<>();
        ProgressBar progress = new ProgressBar(err, steps, time);
        long step = 0;
        double lossSum = 0;
        int lossCount = 0;
        float beta = 1f;
        long waitNanos = 0;
        long stepNanos = 0;
        long start = System.nanoTime();
        ExecutorService maker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "instance-batches");
            t.setDaemon(true);
            return t;
        });
        try (HashTrainer trainer = new HashTrainer(settings, backbone)) {
            // Batches are made in order by one thread (each in parallel inside), up to --prefetch ahead, so
            // a slow batch (many JPEG re-encodes) is hidden behind the TensorFlow steps before it.
            java.util.ArrayDeque<CompletableFuture<Dataset>> ahead = new java.util.ArrayDeque<>();
            long made = 0;
            for (; made < Math.max(1, prefetch); made++) {
                ahead.add(prepare(maker, batches, input, classNames, made));
            }
            while ((steps == 0 || step < steps) && (time == null || System.nanoTime() - start < time.toNanos())) {
                long waitStart = System.nanoTime();
                if (mineEvery > 0 && step > 0 && step % mineEvery == 0 && neighbourRun > 1) {
                    long mineStart = System.nanoTime();
                    batches.useNeighbours(nearestByCode(trainer, pipeline, batches.sources(), bits, neighbourRun - 1));
                    waitNanos += System.nanoTime() - mineStart;
                    err.printf(Locale.ROOT, "%nstep %d: runs now take each source's %d nearest by code (%.1f s)%n", step,
                            neighbourRun - 1, (System.nanoTime() - mineStart) / 1e9);
                }
                Dataset batch = ahead.poll().get();
                ahead.add(prepare(maker, batches, input, classNames, made++));
                long stepStart = System.nanoTime();
                waitNanos += stepStart - waitStart;
                TrainingSummary s = trainer.train(batch, TrainingListener.none());
                stepNanos += System.nanoTime() - stepStart;
                step++;
                beta = (float) s.finalBeta();
                double elapsed = (System.nanoTime() - start) / 1e9;
                progress.step(step, elapsed, (float) s.lastLoss(), beta, step * (double) b / elapsed);
                lossSum += s.lastLoss();
                lossCount++;
                if (step % 20 == 0) {
                    log.add(new LogRow(step, elapsed, lossSum / lossCount, beta, step * (double) b / elapsed,
                            Pointer.physicalBytes()));
                    lossSum = 0;
                    lossCount = 0;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.finished(step, seconds);
            err.printf(Locale.ROOT, "time: %.0f s waiting for batches, %.0f s in TensorFlow steps (%.1f%% waiting)%n",
                    waitNanos / 1e9, stepNanos / 1e9, 100.0 * waitNanos / Math.max(1, waitNanos + stepNanos));
            if (lossCount > 0) {
                log.add(new LogRow(step, seconds, lossSum / lossCount, beta, step * (double) b / seconds,
                        Pointer.physicalBytes()));
            }
            LossChart.write(out.resolve("loss-curve.png"), "instance-level hashnet-" + bits, log);

            Map<String, Double> metrics = new TreeMap<>();
            if (validation.size() >= 2) {
                Calibration cal = calibrate(trainer, pipeline, validation, bits, calibrationFpr, seed);
                err.printf(Locale.ROOT, "validation (%d sources, every edit family): radius %d at FPR <= %s: recall %.4f"
                        + " (FPR %.2e)%n", validation.size(), cal.radius, calibrationFpr, cal.recall, cal.fpr);
                err.printf(Locale.ROOT, "  median distance: edits %d, different sources %d; %s%n",
                        median(cal.scores.allPositives()), median(cal.scores.allNegatives()),
                        String.join(", ", java.util.stream.Stream.of(1e-3, 1e-4, 1e-5).map(f -> {
                            int r = cal.scores.allNegatives().largestRadiusWithRateAtMost(f);
                            return String.format(Locale.ROOT, "FPR %.0e: d <= %d recall %.3f", f, r,
                                    r < 0 ? 0.0 : cal.scores.allPositives().rateAtOrBelow(r));
                        }).toList()));
                if (cal.radius >= 0) {
                    metrics.put(CodeEncoder.RADIUS_METRIC, (double) cal.radius);
                    metrics.put("neardup.validation.recall", cal.recall);
                    metrics.put("neardup.validation.fpr", cal.fpr);
                } else {
                    // A collapsed or untrained model: writing radius 0 would promise an FPR it does not keep.
                    err.printf(Locale.ROOT, "no radius keeps FPR <= %s on validation (d <= 0 gives %.2e): no calibrated"
                            + " radius in the card%n", calibrationFpr, cal.fpr);
                }
            } else {
                err.printf("fewer than 2 validation sources: no calibrated radius in the card%n");
            }
            String dataset = "instance-level: " + roots + " train split (SHA-256 of source key, 70/10/20), "
                    + train.size() + " sources; edits: 1-3 of " + edits.pool().stream().map(a -> a.name()).toList();
            ModelCard card = ModelExporter.export(modelDir, backbone, bits, trainer.weights(),
                    new ModelCard(ModelCard.FORMAT_VERSION, Method.HASHNET.id(), backbone.name(), bits, input, dataset,
                            seed, step, metrics, BuildInfo.gitCommit(), null, null, null));
            spec.commandLine().getOut().printf(Locale.ROOT, "exported %s (model id %s), %d steps in %.0f s%n",
                    modelDir, card.modelId(), step, seconds);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("command", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            run.put("steps", step);
            run.put("seconds", seconds);
            run.put("imagesPerSecond", step * (double) b / seconds);
            run.put("batchWaitSeconds", waitNanos / 1e9);
            run.put("tensorflowStepSeconds", stepNanos / 1e9);
            run.put("trainSources", train.size());
            run.put("validationSources", validation.size());
            run.put("backbone", backbone.name());
            run.put("parameters", trainer.parameterCount());
            run.put("metrics", metrics);
            run.put("modelId", card.modelId());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("run.json").toFile(), run);
        } finally {
            maker.shutdownNow();
        }
        return 0;
    }

    private static CompletableFuture<Dataset> prepare(ExecutorService maker, InstanceBatches batches, ModelInput input,
                                                      List<String> classNames, long index) {
        int[][] table = batches.neighbourTable(); // as of the request: batches after a mining step use its table
        return CompletableFuture.supplyAsync(() -> {
            float[] x = new float[batches.batchSize() * input.floatsPerImage()];
            int[] y = new int[batches.batchSize()];
            batches.batch(index, x, y, table);
            return new Dataset("instance-batch", input, x, y, classNames);
        }, maker);
    }

    record Calibration(int radius, double recall, double fpr, NearDupScores scores) {}

    /** For each source, the {@code k} other sources whose current codes are nearest its own (ties by index). */
    static int[][] nearestByCode(HashTrainer trainer, ImagePipeline pipeline, List<BufferedImage> sources, int bits, int k) {
        PackedCodes codes = encode(trainer, pipeline, sources, bits);
        return nearest(codes, k);
    }

    static int[][] nearest(PackedCodes codes, int k) {
        int n = codes.size();
        int[][] out = new int[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            long[] keyed = new long[n - 1];
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    keyed[m++] = ((long) codes.distance(i, codes, j) << 32) | j;
                }
            }
            Arrays.sort(keyed);
            out[i] = new int[Math.min(k, keyed.length)];
            for (int t = 0; t < out[i].length; t++) {
                out[i][t] = (int) keyed[t];
            }
        });
        return out;
    }

    private static int median(DistanceHistogram h) {
        for (int d = 0; d <= h.maxDistance(); d++) {
            if (h.atOrBelow(d) * 2 >= h.total()) {
                return d;
            }
        }
        return h.maxDistance();
    }

    /**
     * The benchmark's protocol on the validation sources: one edit per source and family (flips included,
     * as in {@code benchmark-neardup}), each against every original; radius at the target FPR over all
     * of them. Calibrating on fewer kinds of edit than the benchmark counts gave a radius whose FPR did not
     * hold there: edits of some families sit closer to other sources' originals than mixed edits do.
     */
    static Calibration calibrate(HashTrainer trainer, ImagePipeline pipeline, List<BufferedImage> sources, int bits,
                                 double targetFpr, long seed) {
        PackedCodes originals = encode(trainer, pipeline, sources, bits);
        FamilyEdits edits = new FamilyEdits(seed);
        Map<AugmentationFamily, PackedCodes> views = new EnumMap<>(AugmentationFamily.class);
        for (AugmentationFamily f : AugmentationFamily.values()) {
            views.put(f, encode(trainer, pipeline, edits.edits(sources, f), bits));
        }
        return fromScores(NearDupScores.score(originals, views, 0), targetFpr);
    }

    /** Codes of {@code images}, 512 at a time (all 5,528 training sources at once took ~1.4 GB of native memory). */
    private static PackedCodes encode(HashTrainer trainer, ImagePipeline pipeline, List<BufferedImage> images, int bits) {
        int per = pipeline.input().floatsPerImage();
        List<io.hashstream.code.BinaryCode> codes = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += 512) {
            int n = Math.min(512, images.size() - from);
            int first = from;
            float[] x = new float[n * per];
            IntStream.range(0, n).parallel().forEach(i -> pipeline.toModelInput(images.get(first + i), x, i * per));
            codes.addAll(Arrays.asList(trainer.encode(x, n)));
        }
        return new PackedCodes(codes, bits);
    }

    /** The largest radius whose FPR is at most {@code targetFpr}; radius -1 when even d = 0 exceeds it. */
    static Calibration fromScores(NearDupScores s, double targetFpr) {
        int r = s.allNegatives().largestRadiusWithRateAtMost(targetFpr);
        return new Calibration(r, r < 0 ? 0 : s.allPositives().rateAtOrBelow(r), s.allNegatives().rateAtOrBelow(Math.max(r, 0)), s);
    }

}
