package io.hashstream.training.neardup;

import io.hashstream.training.augment.AugmentationFamily;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * One edit per source and family, the population of the near-duplicate measurements: the benchmark
 * draws it on the test sources, the calibration on the validation sources, so a radius calibrated for
 * an FPR is calibrated on the same kind of pairs the benchmark counts. Each edit has its own random
 * stream, seeded by the seed, the family and the source's index ({@link Seeds}: independent draws), so
 * a report can redraw any one of them.
 */
public record FamilyEdits(long seed) {

    /** The edit of source {@code i} in family {@code f}. */
    public BufferedImage edit(BufferedImage source, AugmentationFamily f, int i) {
        return f.apply(source, new Random(Seeds.of(seed, f.ordinal(), i)));
    }

    /** The edits of every source in family {@code f}, in source order, made in parallel. */
    public List<BufferedImage> edits(List<BufferedImage> sources, AugmentationFamily f) {
        BufferedImage[] out = new BufferedImage[sources.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = edit(sources.get(i), f, i));
        return List.of(out);
    }
}
