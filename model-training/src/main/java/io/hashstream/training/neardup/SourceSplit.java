package io.hashstream.training.neardup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Splits source images into train / validation / test by a hash of each source's key (its path
 * relative to its collection root), so the assignment of a source never depends on which other files
 * exist: a source is in exactly one part, and adding files never moves an old one across the split.
 */
public final class SourceSplit {

    public enum Part { TRAIN, VALIDATION, TEST }

    private final int validationPercent;
    private final int testPercent;

    /** @param validationPercent share of sources for validation; testPercent for test; the rest train */
    public SourceSplit(int validationPercent, int testPercent) {
        if (validationPercent < 0 || testPercent < 0 || validationPercent + testPercent > 100) {
            throw new IllegalArgumentException("percentages must be >= 0 and sum to <= 100");
        }
        this.validationPercent = validationPercent;
        this.testPercent = testPercent;
    }

    /** 70 / 10 / 20. */
    public static SourceSplit defaults() {
        return new SourceSplit(10, 20);
    }

    public Part partOf(String key) {
        int bucket = bucket(key);
        if (bucket < testPercent) {
            return Part.TEST;
        }
        return bucket < testPercent + validationPercent ? Part.VALIDATION : Part.TRAIN;
    }

    /** Sources grouped by part, each list in input order. */
    public Map<Part, List<Path>> split(List<Path> files, java.util.function.Function<Path, String> key) {
        Map<Part, List<Path>> out = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            out.put(p, new ArrayList<>());
        }
        for (Path f : files) {
            out.get(partOf(key.apply(f))).add(f);
        }
        return out;
    }

    /** 0..99 from the first bytes of SHA-256(key): uniform and stable across JVMs and machines. */
    static int bucket(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
            return (int) (v % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
