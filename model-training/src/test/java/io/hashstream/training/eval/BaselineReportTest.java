package io.hashstream.training.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A CI-sized run of the baseline command on real Fashion-MNIST (needs dataset-fashion-mnist). */
class BaselineReportTest {

    @Test
    void writesTableCsvJsonAndCharts(@TempDir Path out) throws Exception {
        int code = new CommandLine(new BaselineReport()).execute(
                "--bits", "16,32", "--queries", "200", "--database", "3000", "--itq-iterations", "10", "--out", out.toString());

        assertThat(code).isZero();
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("method,bits,map_1000,map_all,p_h2");
        assertThat(csv.subList(1, 5)).extracting(l -> l.substring(0, l.indexOf(',', 4)))
                .containsExactly("LSH,16", "ITQ,16", "LSH,32", "ITQ,32");

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("protocol").asText()).contains("ties broken by database index");
        assertThat(json.get("results")).hasSize(4);
        JsonNode first = json.get("results").get(0);
        assertThat(first.get("maps").get(0).get("cutoff").asInt()).isEqualTo(1000);
        assertThat(first.get("maps").get(1).get("all").asBoolean()).isTrue();
        assertThat(first.get("maps").get(1).get("map").asDouble()).isBetween(0.15, 1.0);

        assertThat(Files.readString(out.resolve("results.md"))).contains("| ITQ | 32 |");
        assertThat(ImageIO.read(out.resolve("pr-32.png").toFile())).isNotNull();
        assertThat(Files.readAllLines(out.resolve("pr-itq-16.csv"))).hasSize(18); // header + radius 0..16
    }

    @Test
    void unknownMethodIsAUsageError(@TempDir Path out) {
        int code = new CommandLine(new BaselineReport()).execute(
                "--methods", "pq", "--bits", "16", "--queries", "10", "--database", "100", "--out", out.toString());
        assertThat(code).isNotZero();
    }
}
