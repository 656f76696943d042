package io.hashstream.training.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes the training log as CSV while training runs (flushed per row, so a killed run keeps it). */
public final class CsvLog implements TrainingListener, AutoCloseable {
    public static final String HEADER = "step,elapsed_s,loss,beta,images_per_s,rss_mb";
    private final BufferedWriter out;

    public CsvLog(Path file) {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void row(LogRow r) {
        try {
            out.write(String.format(Locale.ROOT, "%d,%.3f,%.6f,%.5f,%.1f,%.1f", r.step(), r.elapsedSeconds(),
                    r.loss(), r.beta(), r.imagesPerSecond(), r.rssBytes() / 1048576.0));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
