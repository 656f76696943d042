package io.hashstream.training.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.code.BinaryCode;
import io.hashstream.training.HashCli;
import io.hashstream.training.augment.JpegReencode;
import io.hashstream.training.augment.Rescale;
import io.hashstream.training.augment.TestPictures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * encode then match on generated pictures: originals as the index, JPEG/rescaled edits as queries,
 * plus a corrupt file and a missing file that must become refusal lines.
 */
class EncodeMatchCommandTest {
    private static final int N = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path originals;
    static Path edits;

    @BeforeAll
    static void pictures() throws IOException {
        originals = Files.createDirectories(dir.resolve("originals"));
        edits = Files.createDirectories(dir.resolve("edits"));
        for (int i = 0; i < N; i++) {
            BufferedImage p = TestPictures.picture(100 + i, 240, 180);
            ImageIO.write(p, "png", originals.resolve(String.format("p%02d.png", i)).toFile());
            BufferedImage e = new Rescale(0.5, 0.5).apply(p, new Random(i));
            Files.write(edits.resolve(String.format("p%02d.jpg", i)), JpegReencode.encode(e, 0.6f));
        }
        Files.write(edits.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    }

    @Test
    void pdqEncodesEveryImageAndRefusesTheBrokenOneWithItsReason() throws IOException {
        Path codes = dir.resolve("pdq-edits.jsonl");
        run("encode", "--encoder", "pdq", "--input", edits.toString() + "," + dir.resolve("missing.png"),
                "--out", codes.toString());
        List<JsonNode> lines = lines(codes);
        assertThat(lines).hasSize(N + 2);
        JsonNode broken = lines.stream().filter(l -> l.get("path").asText().endsWith("broken.png")).findFirst().orElseThrow();
        assertThat(broken.get("rejected").asText()).startsWith("image.");
        assertThat(broken.has("code")).isFalse();
        JsonNode missing = lines.stream().filter(l -> l.get("path").asText().endsWith("missing.png")).findFirst().orElseThrow();
        assertThat(missing.get("rejected").asText()).isEqualTo(EncodeCommand.UNREADABLE);
        JsonNode ok = lines.stream().filter(l -> l.has("code")).findFirst().orElseThrow();
        assertThat(ok.get("encoder").asText()).isEqualTo("pdq");
        assertThat(ok.get("bits").asInt()).isEqualTo(256);
        assertThat(BinaryCode.fromHex(ok.get("code").asText()).bits()).isEqualTo(256);
        assertThat(ok.get("quality").asInt()).isBetween(0, 100);
    }

    @Test
    void matchPairsEveryEditWithItsOriginalOnlyAndReportsRefusedQueries() throws IOException {
        for (String encoder : List.of("pdq", "dhash", "model:" + Path.of("..", "models", "fashion-mnist-hashnet-64"))) {
            Path index = dir.resolve("index.jsonl");
            Path queries = dir.resolve("queries.jsonl");
            Path pairs = dir.resolve("pairs.jsonl");
            run("encode", "--encoder", encoder, "--input", originals.toString(), "--out", index.toString());
            run("encode", "--encoder", encoder, "--input", edits.toString(), "--out", queries.toString());
            int radius = encoder.equals("pdq") ? 31 : encoder.equals("dhash") ? 10 : 6;
            run("match", "--radius", String.valueOf(radius), "--index", index.toString(), "--queries",
                    queries.toString(), "--out", pairs.toString());
            List<JsonNode> out = lines(pairs);
            assertThat(out).as(encoder).anyMatch(l -> l.has("rejected") && l.get("query").asText().endsWith("broken.png"));
            List<String> matched = new ArrayList<>();
            for (JsonNode l : out) {
                if (l.has("match")) {
                    assertThat(l.get("distance").asInt()).isBetween(0, radius);
                    String q = Path.of(l.get("query").asText()).getFileName().toString().replace(".jpg", "");
                    String m = Path.of(l.get("match").asText()).getFileName().toString().replace(".png", "");
                    if (q.equals(m)) {
                        matched.add(q);
                    }
                }
            }
            if (!encoder.startsWith("model:")) {
                // The perceptual hashes are made for exactly this edit: every edit finds its original.
                assertThat(matched).as(encoder).hasSize(N);
            }
            // Against a brute-force oracle: the index returns exactly the pairs within the radius.
            List<JsonNode> idx = lines(index);
            List<JsonNode> qs = lines(queries);
            long expected = 0;
            for (JsonNode q : qs) {
                if (!q.has("code")) {
                    continue;
                }
                for (JsonNode i : idx) {
                    if (BinaryCode.fromHex(q.get("code").asText()).distance(BinaryCode.fromHex(i.get("code").asText())) <= radius) {
                        expected++;
                    }
                }
            }
            assertThat(out.stream().filter(l -> l.has("match")).count()).as(encoder).isEqualTo(expected);
        }
    }

    @Test
    void codesOfDifferentEncodersAreNotCompared() throws IOException {
        Path pdq = dir.resolve("a.jsonl");
        Path dhash = dir.resolve("b.jsonl");
        run("encode", "--encoder", "pdq", "--input", originals.toString(), "--out", pdq.toString());
        run("encode", "--encoder", "dhash", "--input", originals.toString(), "--out", dhash.toString());
        int code = new CommandLine(new HashCli()).setErr(new PrintWriter(new StringWriter())).execute("match", "--radius",
                "5", "--index", pdq.toString(), "--queries", dhash.toString(), "--out", dir.resolve("x.jsonl").toString());
        assertThat(code).isNotZero();
    }

    private static void run(String... args) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new HashCli()).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute(args);
        assertThat(code).as(String.join(" ", args) + "\n" + err).isZero();
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String s : Files.readAllLines(file)) {
            out.add(JSON.readTree(s));
        }
        return out;
    }
}
