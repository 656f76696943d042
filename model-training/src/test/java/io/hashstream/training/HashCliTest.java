package io.hashstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.model.ModelCard;
import io.hashstream.training.train.CsvLog;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end on a slice of Fashion-MNIST: train writes everything, evaluate agrees. */
class HashCliTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new HashCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void trainWritesModelLogsChartsAndRunJsonAndEvaluateReproducesTheMetrics() throws Exception {
        assumeTrue(Files.isRegularFile(DataSplit.FASHION_MNIST_DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist");
        Path out = tmp.resolve("run");
        StringWriter trainOut = new StringWriter();
        int code = run(trainOut, "train", "--method", "dhn", "--bits", "16", "--steps", "15", "--minutes", "0",
                "--batch", "32", "--fc", "32", "--train-limit", "600", "--queries", "100", "--log-every", "5",
                "--seed", "3", "--out", out.toString());
        assertThat(code).as(trainOut.toString()).isZero();
        assertThat(trainOut.toString()).contains("MAP@1000", "MAP@all", "P@H<=2", "reproduces the training codes");

        for (String f : List.of("loss-curve.png", "pr-curve.png", "run.json", "train-log.csv",
                "model/saved_model.pb", "model/model-card.json")) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        List<String> csv = Files.readAllLines(out.resolve("train-log.csv"));
        assertThat(csv).hasSize(4).first().isEqualTo(CsvLog.HEADER);
        assertThat(csv.get(3)).startsWith("15,");

        JsonNode runJson = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(runJson.at("/training/steps").asLong()).isEqualTo(15);
        assertThat(runJson.at("/settings/method").asText()).isEqualTo("dhn");
        assertThat(runJson.at("/settings/trainingImages").asInt()).isEqualTo(600);
        ModelCard card = ModelCard.read(out.resolve("model"));
        assertThat(card.method()).isEqualTo("dhn");
        assertThat(card.bits()).isEqualTo(16);
        assertThat(card.steps()).isEqualTo(15);
        assertThat(card.seed()).isEqualTo(3);
        assertThat(card.modelId()).isEqualTo(runJson.at("/modelId").asText());
        double trainMap = runJson.at("/metrics/map@all").asDouble();
        assertThat(card.metrics().get("map@all")).isEqualTo(trainMap);

        Path evalOut = tmp.resolve("eval");
        StringWriter evalText = new StringWriter();
        assertThat(run(evalText, "evaluate", "--model", out.resolve("model").toString(), "--train-limit", "600",
                "--queries", "100", "--out", evalOut.toString())).as(evalText.toString()).isZero();
        JsonNode eval = new ObjectMapper().readTree(evalOut.resolve("evaluation.json").toFile());
        assertThat(eval.at("/metrics/map@all").asDouble()).isEqualTo(trainMap);
        assertThat(eval.at("/metrics/map@1000").asDouble()).isEqualTo(runJson.at("/metrics/map@1000").asDouble());
        assertThat(evalOut.resolve("pr-curve.png")).isNotEmptyFile();
    }

    /** An image folder (one subfolder per label) trains the thumbnail CNN on RGB input. */
    @Test
    void trainsTheThumbnailNetworkOnAnImageFolder() throws Exception {
        Path root = tmp.resolve("images");
        Random r = new Random(4);
        Color[] hues = {Color.RED, Color.GREEN, Color.BLUE};
        for (int label = 0; label < hues.length; label++) {
            Path dir = Files.createDirectories(root.resolve("class-" + label));
            for (int i = 0; i < 14; i++) {
                BufferedImage img = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, 24, 20);
                g.setColor(hues[label]);
                g.fillOval(r.nextInt(8), r.nextInt(6), 10 + r.nextInt(6), 8 + r.nextInt(6));
                g.dispose();
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
        Path out = tmp.resolve("folder-run");
        StringWriter text = new StringWriter();
        int code = run(text, "train", "--method", "hashnet", "--bits", "16", "--dataset", "folder:" + root,
                "--size", "16", "--net", "thumbnail", "--channels", "8,16", "--fc", "16", "--steps", "6",
                "--minutes", "0", "--batch", "8", "--log-every", "3", "--out", out.toString());
        assertThat(code).as(text.toString()).isZero();
        ModelCard card = ModelCard.read(out.resolve("model"));
        assertThat(card.input().channels()).isEqualTo(3);
        assertThat(card.input().width()).isEqualTo(16);
        assertThat(card.architecture()).startsWith("thumbnail-cnn(8-16");
        JsonNode runJson = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(runJson.at("/settings/trainingImages").asInt() + runJson.at("/settings/queries").asInt()).isEqualTo(42);
    }

    @Test
    void rejectsAnExistingModelDirectoryAndUnknownDataSets() throws Exception {
        Files.createDirectories(tmp.resolve("taken/model"));
        assertThat(run(new StringWriter(), "train", "--method", "hashnet", "--out", tmp.resolve("taken").toString()))
                .isNotZero();
        assertThat(run(new StringWriter(), "train", "--method", "hashnet", "--dataset", "nope", "--steps", "1",
                "--out", tmp.resolve("x").toString())).isNotZero();
        assertThat(run(new StringWriter(), "train", "--method", "sift", "--out", tmp.resolve("y").toString()))
                .isEqualTo(2);
    }
}
