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
        long t0 = System.nanoTime();
        List<Path> mine = withoutCopiesOfEarlierParts(parts, part);
        int copies = parts.get(part).size() - mine.size();
        if (limit > 0 && mine.size() > limit) {
            mine = mine.subList(0, limit); // the first files in key order, in every part; copies leave fewer
        }
        SourceImages.Loaded loaded = SourceImages.load(mine, sourceSize);
        List<Path> earlier = earlierFiles(parts, part);
        List<SourceImages.Source> sources = earlier.isEmpty() ? loaded.sources()
                : withoutPicturesOfEarlierParts(loaded.sources(), earlier, sourceSize);
        int pixelCopies = loaded.sources().size() - sources.size();
        log.printf(Locale.ROOT, "%s: %d files in %s (train %d / validation %d / test %d); %s part: %d copies of files"
                        + " and %d pictures of earlier parts left out, %d sources, %d refused by the decoder, %d exact"
                        + " duplicates dropped (%.1f s)%n", roots, files.size(),
                "the split", parts.get(SourceSplit.Part.TRAIN).size(), parts.get(SourceSplit.Part.VALIDATION).size(),
                parts.get(SourceSplit.Part.TEST).size(), part.name().toLowerCase(Locale.ROOT), copies, pixelCopies,
                sources.size(), loaded.rejected(), loaded.duplicates(), (System.nanoTime() - t0) / 1e9);
        log.flush();
        return sources;
    }

    /**
     * The sources whose picture is not that of a file in {@code earlier}. Files with other bytes can hold
     * the same picture (a copy re-saved in another category), so this compares decoded pixels, at the
     * size the sources are used at.
     */
    static List<SourceImages.Source> withoutPicturesOfEarlierParts(List<SourceImages.Source> sources, List<Path> earlier,
                                                                 int sourceSize) {
        java.util.Set<java.nio.ByteBuffer> seen = SourceImages.fingerprints(earlier, sourceSize);
        return sources.stream().filter(s -> !seen.contains(SourceImages.fingerprint(s.image()))).toList();
    }

    /** The files of the parts before {@code part} (train before validation before test). */
    static List<Path> earlierFiles(Map<SourceSplit.Part, List<Path>> parts, SourceSplit.Part part) {
        List<Path> earlier = new java.util.ArrayList<>();
        for (SourceSplit.Part p : SourceSplit.Part.values()) {
            if (p == part) {
                break;
            }
            earlier.addAll(parts.get(p));
        }
        return earlier;
    }

    /**
     * The files of {@code part} whose bytes are not those of a file in an earlier part (train before
     * validation before test). The split hashes each file's path, and the Debian collections store one
     * picture under several paths (openclipart's 1,221 symlinks across categories): without this a
     * picture trained on could be tested on. Training keeps every file, so a model trained before this
     * existed is evaluated on pictures it did not see.
     */
    static List<Path> withoutCopiesOfEarlierParts(Map<SourceSplit.Part, List<Path>> parts, SourceSplit.Part part)
            throws IOException {
        java.util.Set<String> earlier = new java.util.HashSet<>();
        for (Path f : earlierFiles(parts, part)) {
            earlier.add(contentHash(f));
        }
        List<Path> kept = new java.util.ArrayList<>();
        for (Path f : parts.get(part)) {
            if (earlier.isEmpty() || !earlier.contains(contentHash(f))) {
                kept.add(f);
            }
        }
        return kept;
    }

    private static String contentHash(Path file) throws IOException {
        try {
            // readAllBytes follows symlinks: a link and its target hash alike
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<BufferedImage> images(List<SourceImages.Source> sources) {
        return sources.stream().map(SourceImages.Source::image).toList();
    }
}
