package io.hashstream.training.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.model.TfThreads;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code encode}: one JSON line per image file ({@link CodeLine}), in path order; a file that cannot be
 * read or decoded gets a line with its reason instead of stopping the run. Decoding runs in parallel.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode image files into codes.jsonl (one JSON line per image, refusals included).")
public final class EncodeCommand implements Callable<Integer> {
    /** Reason code of a file that could not be read. */
    public static final String UNREADABLE = "file.unreadable";

    @Spec
    CommandSpec spec;

    @Option(names = "--encoder", required = true, description = "model:DIR (a SavedModel with its card), pdq or dhash")
    String encoder;
    @Option(names = "--input", required = true, split = ",", arity = "1..*",
            description = "image files or folders (walked recursively; hidden files skipped)")
    List<Path> inputs;
    @Option(names = "--out", required = true, description = "output JSON lines file")
    Path out;
    @Option(names = "--batch", defaultValue = "128", description = "images per batch (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow intra-op threads, 0 = all cores")
    int threads;

    @Override
    public Integer call() throws IOException {
        List<Path> files = files(inputs);
        ObjectMapper json = new ObjectMapper();
        long rejected = 0;
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "encode", files.size());
        try (CodeEncoder enc = CodeEncoder.parse(encoder, threads > 0 ? new TfThreads(threads, 1) : TfThreads.wholeMachine());
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int from = 0; from < files.size(); from += batch) {
                List<Path> part = files.subList(from, Math.min(files.size(), from + batch));
                List<byte[]> bytes = new ArrayList<>();
                List<String> unreadable = new ArrayList<>();
                for (Path f : part) {
                    try {
                        bytes.add(Files.readAllBytes(f));
                        unreadable.add(null);
                    } catch (IOException e) {
                        bytes.add(new byte[0]);
                        unreadable.add(String.valueOf(e.getMessage()));
                    }
                }
                List<Object> results = enc.encodeBytes(bytes);
                for (int i = 0; i < part.size(); i++) {
                    String path = part.get(i).toString();
                    CodeLine line;
                    if (unreadable.get(i) != null) {
                        line = new CodeLine(path, enc.id(), enc.bits(), null, null, UNREADABLE, unreadable.get(i));
                    } else if (results.get(i) instanceof ImageRejectedException e) {
                        line = new CodeLine(path, enc.id(), enc.bits(), null, null, e.code(), e.getMessage());
                    } else {
                        CodeEncoder.Encoded c = (CodeEncoder.Encoded) results.get(i);
                        line = new CodeLine(path, enc.id(), enc.bits(), c.code().toHex(),
                                c.quality() < 0 ? null : c.quality(), null, null);
                    }
                    rejected += line.refused() ? 1 : 0;
                    w.write(json.writeValueAsString(line));
                    w.newLine();
                }
                progress.update(from + part.size(), rejected, false);
            }
            progress.update(files.size(), rejected, true);
        }
        spec.commandLine().getOut().printf("%d images, %d encoded, %d rejected -> %s%n", files.size(),
                files.size() - rejected, rejected, out);
        return 0;
    }

    static List<Path> files(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.walk(in)) {
                    s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted().forEach(files::add);
                }
            } else {
                files.add(in); // a missing file becomes a file.unreadable line
            }
        }
        return files;
    }
}
