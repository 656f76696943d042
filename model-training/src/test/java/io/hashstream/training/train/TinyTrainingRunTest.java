package io.hashstream.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashstream.code.BinaryCode;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.ModelCard;
import io.hashstream.model.ModelIds;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import io.hashstream.training.ChildJvm;
import io.hashstream.training.baseline.LshBaseline;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.eval.RetrievalEvaluator;
import io.hashstream.training.export.EncodeInFreshJvm;
import io.hashstream.training.export.ModelExporter;
import io.hashstream.training.net.SmallCnn;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI-sized HashNet run on real Fashion-MNIST images (3,000 for training, 500 queries): the loss
 * falls, the codes beat LSH, and the exported model gives the same codes in a fresh JVM.
 */
class TinyTrainingRunTest {
    private static final int BITS = 32;
    private static final int STEPS = 250;

    @TempDir
    static Path tmp;
    static Dataset train;
    static Dataset queries;
    static HashTrainer trainer;
    static TrainingSummary summary;
    static double lossBefore;
    static double lossAfter;

    @BeforeAll
    static void trainOnce() {
        assumeTrue(FashionMnistSample.available(),
                "Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist (scripts/install-deps.sh)");
        train = FashionMnistSample.load("train", 3000);
        queries = FashionMnistSample.load("t10k", 500);
        TrainSettings settings = TrainSettings.defaults(Method.HASHNET, BITS).withBatch(64)
                .withLimits(STEPS, null).withLogEvery(25).withSeed(7);
        trainer = new HashTrainer(settings, new SmallCnn(FashionMnistSample.INPUT, 128));
        lossBefore = trainer.meanLoss(train.head(1024));
        summary = trainer.train(train, TrainingListener.none());
        lossAfter = trainer.meanLoss(train.head(1024));
    }

    @AfterAll
    static void close() {
        if (trainer != null) {
            trainer.close();
        }
    }

    @Test
    void trainingLowersTheLoss() {
        assertThat(summary.steps()).isEqualTo(STEPS);
        assertThat(summary.log()).hasSize(STEPS / 25);
        assertThat(summary.lastLoss()).isLessThan(summary.firstLoss());
        assertThat(lossAfter).isLessThan(lossBefore * 0.7);
        assertThat(summary.finalBeta()).isEqualTo(Continuation.hashNet().beta(STEPS - 1));
    }

    @Test
    void learnedCodesBeatLshOnTheSameData() {
        RetrievalEvaluator eval = new RetrievalEvaluator(new int[] {RetrievalEvaluator.ALL}, 2, 2);
        double hashNet = eval.evaluate(trainer.encode(queries), queries.labels(), trainer.encode(train), train.labels())
                .mapAt(RetrievalEvaluator.ALL).map();
        LshBaseline lsh = new LshBaseline(BITS, 7);
        lsh.fit(train);
        double lshMap = eval.evaluate(lsh.encode(queries), queries.labels(), lsh.encode(train), train.labels())
                .mapAt(RetrievalEvaluator.ALL).map();
        assertThat(hashNet).as("HashNet MAP@all vs LSH %.3f", lshMap).isGreaterThan(lshMap + 0.1);
    }

    @Test
    void exportedModelGivesIdenticalCodesInAFreshJvm() throws Exception {
        Path dir = tmp.resolve("export");
        ModelCard card = ModelExporter.export(dir, trainer.backbone(), BITS, trainer.weights(),
                new ModelCard(ModelCard.FORMAT_VERSION, "hashnet", trainer.backbone().name(), BITS,
                        FashionMnistSample.INPUT, train.name(), 7, summary.steps(), Map.of(), "test", null, null, null));
        assertThat(card.modelId()).isEqualTo(ModelIds.of(dir));

        // encoder-only: the checkpoint holds the weights once (no Adam slots, no loss)
        long weightBytes = trainer.parameterCount() * 4;
        long checkpoint;
        try (Stream<Path> files = Files.list(dir.resolve("variables"))) {
            checkpoint = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(checkpoint).isBetween(weightBytes, weightBytes + 64 * 1024);
        assertThat(Files.size(dir.resolve("saved_model.pb"))).isLessThan(64 * 1024);

        int chunk = 256;
        BinaryCode[] inTraining = trainer.encode(queries);
        List<String> expected = Arrays.stream(inTraining).map(BinaryCode::toHex).toList();
        try (SavedModelEncoder here = SavedModelEncoder.load(dir, TfThreads.wholeMachine(), DevicePreference.CPU)) {
            float[] part = Arrays.copyOf(queries.images(), chunk * queries.floatsPerImage());
            assertThat(here.encode(part, chunk)).containsExactly(Arrays.copyOf(inTraining, chunk));
        }

        Path images = tmp.resolve("queries.bin");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(images)))) {
            out.writeInt(queries.size());
            for (float f : queries.images()) {
                out.writeFloat(f);
            }
        }
        Path codes = tmp.resolve("codes.txt");
        ChildJvm.run(tmp.resolve("child.log"), Map.of(), EncodeInFreshJvm.class.getName(), dir.toString(),
                images.toString(), codes.toString(), String.valueOf(chunk));
        assertThat(Files.readAllLines(codes)).containsExactlyElementsOf(expected);
    }
}
