package io.hashstream.training.neardup;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Loads one part of the source split from image folders, reporting counts on {@code log}. */
public final class NearDupData {
    private NearDupData() {}

    /**
     * @param limit keep at most this many sources of the part (the first in key order), 0 = all
     */
    public static List<SourceImages.Source> load(List<Path> roots, SourceSplit split, SourceSplit.Part part,
                                                 int sourceSize, int limit, PrintWriter log) throws IOException {
        List<Path> files = SourceImages.list(roots);
        Map<SourceSplit.Part, List<Path>> parts = split.split(files, SourceImages::key);
        List<Path> mine = parts.get(part);
        if (limit > 0 && mine.size() > limit) {
            mine = mine.subList(0, limit);
        }
        long t0 = System.nanoTime();
        SourceImages.Loaded loaded = SourceImages.load(mine, sourceSize);
        log.printf(Locale.ROOT, "%s: %d files in %s (train %d / validation %d / test %d); %s part: %d sources, "
                        + "%d refused by the decoder, %d exact duplicates dropped (%.1f s)%n", roots, files.size(),
                "the split", parts.get(SourceSplit.Part.TRAIN).size(), parts.get(SourceSplit.Part.VALIDATION).size(),
                parts.get(SourceSplit.Part.TEST).size(), part.name().toLowerCase(Locale.ROOT), loaded.sources().size(),
                loaded.rejected(), loaded.duplicates(), (System.nanoTime() - t0) / 1e9);
        log.flush();
        return loaded.sources();
    }

    public static List<BufferedImage> images(List<SourceImages.Source> sources) {
        return sources.stream().map(SourceImages.Source::image).toList();
    }
}
