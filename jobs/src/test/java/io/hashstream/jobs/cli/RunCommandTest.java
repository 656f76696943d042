package io.hashstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hashstream run --print-config}: what the job would use, without starting it or reaching Kafka. */
class RunCommandTest {

    private static String printConfig(String... extra) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            String[] args = new String[extra.length + 4];
            args[0] = "run";
            args[1] = "--print-config";
            args[2] = "--bootstrap-servers";
            args[3] = "localhost:1";
            System.arraycopy(extra, 0, args, 4, extra.length);
            int exit = new CommandLine(new HashstreamCli()).execute(args);
            assertThat(exit).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheNamesThatMustStayTheSameAcrossRestoresAndTheResolvedLayout() {
        String out = printConfig("--radius=3", "--results-topic", "matches", "--set", "state-backend=rocksdb");
        assertThat(out).contains("resolved:")
                .containsPattern("index layout +buckets")
                .containsPattern("consumer group +hashstream-images-matches")
                .containsPattern("delivery +exactly-once")
                .containsPattern("transactional-id prefix +hashstream-matches")
                .containsPattern("checkpoint timeout +PT4M");
        assertThat(printConfig("--radius=3")).containsPattern("index layout +shards")
                .containsPattern("consumer group +hashstream-images\\b");
    }

    @Test
    void theModelCardsRadiusAppliesOnlyWhenNoneIsGiven() {
        int calibrated = io.hashstream.model.ModelCard.read(java.nio.file.Path.of("../models/default")).calibratedRadius()
                .orElseThrow();
        String card = printConfig("--model", "../models/default");
        assertThat(card).containsPattern("radius +" + calibrated + "\\n").contains("calibrated, from the model card");
        String given = printConfig("--model", "../models/default", "--radius", "4");
        assertThat(given).containsPattern("radius +4\\n").doesNotContain("calibrated, from the model card");
        String set = printConfig("--model", "../models/default", "--set", "radius=5");
        assertThat(set).containsPattern("radius +5\\n").doesNotContain("calibrated, from the model card");
    }
}
