package io.hashstream.training.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.code.BinaryCode;
import io.hashstream.index.MultiIndexHammingIndex;
import io.hashstream.index.Neighbor;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code match}: loads the encoded lines of {@code --index} into the core {@link MultiIndexHammingIndex}
 * and writes, for every query line, one JSON line per indexed image within {@code --radius} (nearest
 * first), or one line with the query's refusal reason. Both files must come from one encoder.
 */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = "Find every indexed code within a Hamming radius of each query code (pairs.jsonl).")
public final class MatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--radius", required = true, description = "Hamming radius (inclusive)")
    int radius;
    @Option(names = "--index", required = true, description = "codes.jsonl to index")
    Path index;
    @Option(names = "--queries", required = true, description = "codes.jsonl of the queries")
    Path queries;
    @Option(names = "--out", required = true, description = "output pairs.jsonl")
    Path out;
    @Option(names = "--include-self", description = "also report an indexed line with the query's own path")
    boolean includeSelf;

    @Override
    public Integer call() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<CodeLine> indexed = read(index, json).stream().filter(l -> !l.refused()).toList();
        List<CodeLine> query = read(queries, json);
        String encoder = indexed.isEmpty() ? null : indexed.get(0).encoder();
        int bits = indexed.isEmpty() ? 0 : indexed.get(0).bits();
        for (CodeLine l : indexed) {
            sameEncoder(l, encoder, bits, index);
        }
        long pairs = 0;
        long rejected = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            MultiIndexHammingIndex idx = indexed.isEmpty() ? null : new MultiIndexHammingIndex(bits,
                    MultiIndexHammingIndex.defaultSubstrings(bits, radius, indexed.size()));
            for (int i = 0; i < indexed.size(); i++) {
                idx.add(i, BinaryCode.fromHex(indexed.get(i).code()));
            }
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "match", query.size());
            for (int q = 0; q < query.size(); q++) {
                CodeLine l = query.get(q);
                if (l.refused()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("query", l.path());
                    line.put("rejected", l.rejected());
                    line.put("message", l.message());
                    w.write(json.writeValueAsString(line));
                    w.newLine();
                    rejected++;
                    continue;
                }
                if (idx == null) {
                    continue;
                }
                sameEncoder(l, encoder, bits, queries);
                for (Neighbor n : idx.radiusSearch(BinaryCode.fromHex(l.code()), radius)) {
                    CodeLine m = indexed.get((int) n.id());
                    if (!includeSelf && m.path().equals(l.path())) {
                        continue;
                    }
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("query", l.path());
                    line.put("match", m.path());
                    line.put("distance", n.distance());
                    w.write(json.writeValueAsString(line));
                    w.newLine();
                    pairs++;
                }
                progress.update(q + 1, rejected, false);
            }
            progress.update(query.size(), rejected, true);
        }
        spec.commandLine().getOut().printf("%d indexed, %d queries (%d rejected), %d pairs within radius %d -> %s%n",
                indexed.size(), query.size(), rejected, pairs, radius, out);
        return 0;
    }

    private static void sameEncoder(CodeLine l, String encoder, int bits, Path file) {
        if (!l.encoder().equals(encoder) || l.bits() != bits) {
            throw new IllegalArgumentException(file + ": " + l.path() + " was encoded by " + l.encoder() + " ("
                    + l.bits() + " bits), the index by " + encoder + " (" + bits + " bits); codes of different "
                    + "encoders cannot be compared");
        }
    }

    static List<CodeLine> read(Path file, ObjectMapper json) throws IOException {
        List<CodeLine> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            int n = 0;
            while ((s = r.readLine()) != null) {
                n++;
                if (s.isBlank()) {
                    continue;
                }
                try {
                    lines.add(json.readValue(s, CodeLine.class));
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + " line " + n + " is not a code line: " + e.getMessage(), e);
                }
            }
        }
        return lines;
    }
}
