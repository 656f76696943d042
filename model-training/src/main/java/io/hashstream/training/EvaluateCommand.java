package io.hashstream.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.code.BinaryCode;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.eval.RetrievalMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code evaluate}: an exported model on the retrieval protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Encode a data set with an exported SavedModel and report MAP@1000, MAP@all, P@H<=2 "
                + "(queries = test set, database = training set).")
final class EvaluateCommand implements Callable<Integer> {
    private static final int CHUNK = 256;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "SavedModel directory with model-card.json")
    Path model;
    @Option(names = "--dataset", defaultValue = "fashion-mnist",
            description = "fashion-mnist or folder:DIR (one subfolder per label) (default ${DEFAULT-VALUE})")
    String dataset;
    @Option(names = "--test-fraction", defaultValue = "0.1",
            description = "folder data sets: seeded share of images used as queries, as in training (default ${DEFAULT-VALUE})")
    double testFraction;
    @Option(names = "--seed", description = "folder data sets: split seed (default: the model card's, which training used)")
    Long seed;
    @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training images, 0 = all")
    int trainLimit;
    @Option(names = "--queries", defaultValue = "10000", description = "first N test images as queries (default ${DEFAULT-VALUE})")
    int queries;
    @Option(names = "--out", description = "directory for evaluation.json and pr-curve.png")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (SavedModelEncoder enc = SavedModelEncoder.load(model, TfThreads.wholeMachine(), DevicePreference.AUTO)) {
            // train splits a folder data set with its --seed: another seed here would put training images among the queries
            long splitSeed = seed != null ? seed : enc.card().seed();
            DataSplit data = DataSplit.load(dataset, enc.input().width(), testFraction, splitSeed).limit(trainLimit, queries);
            if (!enc.input().equals(data.train().input())) {
                throw new IllegalArgumentException("model input " + enc.input() + " differs from the data's "
                        + data.train().input());
            }
            long t0 = System.nanoTime();
            BinaryCode[] database = encode(enc, data.train());
            double seconds = (System.nanoTime() - t0) / 1e9;
            BinaryCode[] q = encode(enc, data.test());
            RetrievalMetrics m = RetrievalRun.evaluate(data, database, q);
            var stdout = spec.commandLine().getOut();
            RetrievalRun.print(stdout, enc.card().method() + "-" + enc.bits() + " (" + enc.modelId() + ") on "
                    + dataset + ":", m);
            stdout.printf(Locale.ROOT, "  encoded %d images in %.1f s (%.0f images/s, batch %d, %s)%n",
                    database.length, seconds, database.length / seconds, CHUNK, enc.device());
            if (out != null) {
                Files.createDirectories(out);
                RetrievalRun.writePrCurve(out.resolve("pr-curve.png"), enc.card().method() + "-" + enc.bits(), m);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("model", model.toString());
                json.put("modelId", enc.modelId());
                json.put("metrics", RetrievalRun.metrics(m));
                json.put("encodeImagesPerSecond", database.length / seconds);
                json.put("protocol", m.protocol());
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(out.resolve("evaluation.json").toFile(), json);
            }
        }
        return 0;
    }

    private static BinaryCode[] encode(SavedModelEncoder enc, Dataset d) {
        int per = d.floatsPerImage();
        BinaryCode[] codes = new BinaryCode[d.size()];
        for (int from = 0; from < d.size(); from += CHUNK) {
            int m = Math.min(CHUNK, d.size() - from);
            float[] part = Arrays.copyOfRange(d.images(), from * per, (from + m) * per);
            System.arraycopy(enc.encode(part, m), 0, codes, from, m);
        }
        return codes;
    }
}
