package io.hashstream.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.code.BinaryCode;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.ModelCard;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import io.hashstream.training.eval.RetrievalMetrics;
import io.hashstream.training.export.BuildInfo;
import io.hashstream.training.export.ModelExporter;
import io.hashstream.training.net.Backbone;
import io.hashstream.training.net.SmallCnn;
import io.hashstream.training.net.ThumbnailCnn;
import io.hashstream.training.train.CompositeListener;
import io.hashstream.training.train.Continuation;
import io.hashstream.training.train.CsvLog;
import io.hashstream.training.train.HashTrainer;
import io.hashstream.training.train.LossChart;
import io.hashstream.training.train.Method;
import io.hashstream.training.train.OptimizerSpec;
import io.hashstream.training.train.ProgressBar;
import io.hashstream.training.train.TrainSettings;
import io.hashstream.training.train.TrainingSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code train}: trains, evaluates, exports; writes the log, charts and run.json into --out. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a HashNet or DHN encoder, evaluate it (queries = test set, database = training set) "
                + "and export it as a SavedModel with its model card into OUT/model.")
final class TrainCommand implements Callable<Integer> {
    enum OptimizerName { ADAM, MOMENTUM }

    enum Net { SMALL, THUMBNAIL }

    @Spec
    CommandSpec spec;

    @Option(names = "--method", required = true, description = "hashnet or dhn")
    Method method;
    @Option(names = "--bits", defaultValue = "64", description = "code length K (default ${DEFAULT-VALUE})")
    int bits;
    @Option(names = "--dataset", defaultValue = "fashion-mnist",
            description = "fashion-mnist or folder:DIR (one subfolder per label) (default ${DEFAULT-VALUE})")
    String dataset;
    @Option(names = "--size", defaultValue = "64", description = "folder data sets: RGB input side (default ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--test-fraction", defaultValue = "0.1",
            description = "folder data sets: seeded share of images used as queries (default ${DEFAULT-VALUE})")
    double testFraction;
    @Option(names = "--minutes", defaultValue = "5", description = "wall-time budget, 0 = none (default ${DEFAULT-VALUE})")
    double minutes;
    @Option(names = "--steps", defaultValue = "0", description = "step budget, 0 = none (default ${DEFAULT-VALUE})")
    long steps;
    @Option(names = "--batch", defaultValue = "128", description = "images per step (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or momentum (default ${DEFAULT-VALUE})")
    OptimizerName optimizer;
    @Option(names = "--lr", description = "learning rate (default 0.001 for adam, 0.01 for momentum)")
    Float learningRate;
    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default ${DEFAULT-VALUE})")
    float momentum;
    @Option(names = "--seed", defaultValue = "42", description = "seeds the initial weights and the batch order (default ${DEFAULT-VALUE}); TF CPU "
            + "gradients are not bitwise deterministic, so repeated runs agree to float noise")
    long seed;
    @Option(names = "--alpha", description = "α of the pairwise likelihood (default 10/K)")
    Float alpha;
    @Option(names = "--lambda", defaultValue = "1.0", description = "DHN quantization weight (default ${DEFAULT-VALUE})")
    float lambda;
    @Option(names = "--similar-weight", description = "fixed similar/dissimilar pair weight ratio "
            + "(default: HashNet's balanced |S|/|S1|, |S|/|S0|)")
    Double similarWeight;
    @Option(names = "--gamma", defaultValue = "0.005", description = "continuation γ (default ${DEFAULT-VALUE})")
    double gamma;
    @Option(names = "--power", defaultValue = "0.5", description = "continuation power (default ${DEFAULT-VALUE})")
    double power;
    @Option(names = "--beta-step", defaultValue = "200", description = "iterations between β updates (default ${DEFAULT-VALUE})")
    int betaStep;
    @Option(names = "--net", defaultValue = "small", description = "small (28x28 CNN) or thumbnail (RGB thumbnail CNN) "
            + "(default ${DEFAULT-VALUE})")
    Net net;
    @Option(names = "--fc", defaultValue = "256", description = "fully connected units before the hash layer (default ${DEFAULT-VALUE})")
    int fcUnits;
    @Option(names = "--channels", split = ",", defaultValue = "32,64,128,128",
            description = "thumbnail CNN: channels of each conv3x3+pool block (default ${DEFAULT-VALUE})")
    List<Integer> channels;
    @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training images, 0 = all")
    int trainLimit;
    @Option(names = "--queries", defaultValue = "10000", description = "evaluate with the first N test images (default ${DEFAULT-VALUE})")
    int queries;
    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow intra-op threads, 0 = all cores")
    int threads;
    @Option(names = "--log-every", defaultValue = "50", description = "steps per CSV log row (default ${DEFAULT-VALUE})")
    int logEvery;
    @Option(names = "--out", required = true, description = "output directory (model/, train-log.csv, loss-curve.png, "
            + "pr-curve.png, run.json)")
    Path out;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        Path modelDir = out.resolve("model");
        if (Files.exists(modelDir)) {
            throw new IllegalArgumentException(modelDir + " exists; choose a new --out");
        }
        Files.createDirectories(out);
        TrainSettings settings = settings();
        DataSplit data = DataSplit.load(dataset, size, testFraction, seed).limit(trainLimit, queries);
        Backbone backbone = net == Net.SMALL ? new SmallCnn(data.train().input(), fcUnits)
                : new ThumbnailCnn(data.train().input(), channels, fcUnits);
        err.printf(Locale.ROOT, "%s-%d on %s: %d training images, %d queries, %s, batch %d, %s lr %s, seed %d, "
                        + "%d TF threads%n", method.id(), bits, dataset, data.train().size(), data.test().size(),
                backbone.name(), batch, settings.optimizer().kind(), settings.optimizer().learningRate(), seed,
                settings.threads().intraOp());

        try (HashTrainer trainer = new HashTrainer(settings, backbone);
             CsvLog csv = new CsvLog(out.resolve("train-log.csv"))) {
            TrainingSummary summary = trainer.train(data.train(),
                    CompositeListener.of(new ProgressBar(err, settings.maxSteps(), settings.maxTime()), csv));
            LossChart.write(out.resolve("loss-curve.png"), method.id() + "-" + bits + " on " + dataset, summary.log());

            long t0 = System.nanoTime();
            BinaryCode[] database = trainer.encode(data.train());
            double encodeSeconds = (System.nanoTime() - t0) / 1e9;
            BinaryCode[] queryCodes = trainer.encode(data.test());
            RetrievalMetrics metrics = RetrievalRun.evaluate(data, database, queryCodes);
            Map<String, Double> m = RetrievalRun.metrics(metrics);
            RetrievalRun.print(stdout, method.id() + "-" + bits + " on " + dataset + ":", metrics);
            RetrievalRun.writePrCurve(out.resolve("pr-curve.png"), method.id() + "-" + bits, metrics);

            ModelCard card = ModelExporter.export(modelDir, backbone, bits, trainer.weights(),
                    new ModelCard(ModelCard.FORMAT_VERSION, method.id(), backbone.name(), bits, backbone.input(),
                            data.train().name(), seed, summary.steps(), m, BuildInfo.gitCommit(), null, null, null));
            int checked = checkExport(modelDir, data, queryCodes);
            stdout.printf(Locale.ROOT, "exported %s (model id %s); the export reproduces the training codes of %d "
                    + "queries%n", modelDir, card.modelId(), checked);

            writeRunJson(settings, backbone, data, summary, m, metrics.protocol(), card,
                    data.train().size() / encodeSeconds, trainer.parameterCount());
        }
        return 0;
    }

    private TrainSettings settings() {
        float lr = learningRate != null ? learningRate : optimizer == OptimizerName.ADAM ? 1e-3f : 1e-2f;
        OptimizerSpec opt = optimizer == OptimizerName.ADAM ? OptimizerSpec.adam(lr) : OptimizerSpec.momentum(lr, momentum);
        Continuation continuation = method == Method.HASHNET ? new Continuation(true, gamma, power, betaStep)
                : Continuation.none();
        Duration time = minutes > 0 ? Duration.ofMillis(Math.round(minutes * 60_000)) : null;
        TfThreads tfThreads = threads > 0 ? new TfThreads(threads, 1) : TfThreads.wholeMachine();
        return TrainSettings.defaults(method, bits).withLimits(steps, time).withBatch(batch).withOptimizer(opt)
                .withSeed(seed).withContinuation(continuation)
                .withLoss(alpha != null ? alpha : 10f / bits, lambda, similarWeight).withThreads(tfThreads)
                .withLogEvery(logEvery);
    }

    /**
     * Loads the export in this process and compares its codes with the training graph's, bit for bit, so
     * on the CPU as the training graph ran: a GPU's kernels (TF32 on Ampere and newer) may flip signs
     * near zero.
     */
    private static int checkExport(Path modelDir, DataSplit data, BinaryCode[] expected) {
        int n = Math.min(1000, data.test().size());
        try (SavedModelEncoder enc = SavedModelEncoder.load(modelDir, TfThreads.wholeMachine(), DevicePreference.CPU)) {
            int per = enc.input().floatsPerImage();
            for (int from = 0; from < n; from += 256) {
                int m = Math.min(256, n - from);
                float[] part = Arrays.copyOfRange(data.test().images(), from * per, (from + m) * per);
                BinaryCode[] got = enc.encode(part, m);
                for (int i = 0; i < m; i++) {
                    if (!got[i].equals(expected[from + i])) {
                        throw new IllegalStateException("exported model gives a different code for query " + (from + i));
                    }
                }
            }
        }
        return n;
    }

    private void writeRunJson(TrainSettings s, Backbone backbone, DataSplit data, TrainingSummary summary,
                              Map<String, Double> metrics, String protocol, ModelCard card, double encodePerSecond,
                              long parameters) throws java.io.IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("method", s.method().id());
        settings.put("bits", s.bits());
        settings.put("dataset", dataset);
        settings.put("backbone", backbone.name());
        settings.put("parameters", parameters);
        settings.put("trainingImages", data.train().size());
        settings.put("queries", data.test().size());
        settings.put("batch", s.batch());
        settings.put("maxSteps", s.maxSteps());
        settings.put("maxSeconds", s.maxTime() == null ? null : s.maxTime().toMillis() / 1000.0);
        settings.put("optimizer", s.optimizer().kind().name().toLowerCase(Locale.ROOT));
        settings.put("learningRate", s.optimizer().learningRate());
        settings.put("momentum", s.optimizer().kind() == OptimizerSpec.Kind.MOMENTUM ? s.optimizer().momentum() : null);
        settings.put("seed", s.seed());
        settings.put("alpha", s.alpha());
        settings.put("lambda", s.method() == Method.DHN ? s.lambda() : null);
        settings.put("pairWeights", s.similarWeightRatio() == null ? "balanced" : "ratio " + s.similarWeightRatio());
        settings.put("continuation", s.continuation());
        settings.put("tfIntraOpThreads", s.threads().intraOp());
        settings.put("cores", Runtime.getRuntime().availableProcessors());
        run.put("settings", settings);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("steps", summary.steps());
        training.put("seconds", summary.seconds());
        training.put("imagesPerSecond", summary.imagesPerSecond());
        training.put("firstLoss", summary.firstLoss());
        training.put("lastLoss", summary.lastLoss());
        training.put("finalBeta", summary.finalBeta());
        training.put("encodeImagesPerSecond", encodePerSecond);
        run.put("training", training);
        run.put("metrics", metrics);
        run.put("protocol", protocol);
        run.put("modelId", card.modelId());
        run.put("buildCommit", card.buildCommit());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("run.json").toFile(), run);
    }
}
