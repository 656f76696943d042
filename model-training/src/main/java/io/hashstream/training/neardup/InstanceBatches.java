package io.hashstream.training.neardup;

import io.hashstream.image.ImagePipeline;
import io.hashstream.training.augment.Augmentation;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Instance-level minibatches: {@code sourcesPerBatch} distinct sources, {@code viewsPerSource} edited
 * views of each, every view through the shared {@link ImagePipeline}. The label of a view is the index
 * of its source within the batch, so a label-based pairwise loss sees s = 1 exactly for two edits of
 * one source and s = 0 for any two different sources.
 *
 * <p>Batch {@code i} depends only on the seed and {@code i} (views are made in parallel, each from its
 * own seeded {@link Random}), so runs repeat.
 */
public final class InstanceBatches {
    private final List<BufferedImage> sources;
    private final ImagePipeline pipeline;
    private final Augmentation edit;
    private final int sourcesPerBatch;
    private final int viewsPerSource;
    private final long seed;

    public InstanceBatches(List<BufferedImage> sources, ImagePipeline pipeline, Augmentation edit,
                           int sourcesPerBatch, int viewsPerSource, long seed) {
        if (sourcesPerBatch < 2 || viewsPerSource < 2) {
            throw new IllegalArgumentException("need >= 2 sources and >= 2 views per source for both kinds of pair");
        }
        if (sources.size() < sourcesPerBatch) {
            throw new IllegalArgumentException(sources.size() + " sources, fewer than " + sourcesPerBatch + " per batch");
        }
        this.sources = List.copyOf(sources);
        this.pipeline = pipeline;
        this.edit = edit;
        this.sourcesPerBatch = sourcesPerBatch;
        this.viewsPerSource = viewsPerSource;
        this.seed = seed;
    }

    public int batchSize() {
        return sourcesPerBatch * viewsPerSource;
    }

    /** Fills {@code images} (batchSize × floatsPerImage) and {@code labels} (batchSize) with batch {@code index}. */
    public void batch(long index, float[] images, int[] labels) {
        int[] chosen = chooseSources(index);
        int per = pipeline.input().floatsPerImage();
        IntStream.range(0, batchSize()).parallel().forEach(k -> {
            int s = k / viewsPerSource;
            Random rnd = new Random(seed * 1_000_003L + index * 4_099L + k);
            pipeline.toModelInput(edit.apply(sources.get(chosen[s]), rnd), images, k * per);
            labels[k] = s;
        });
    }

    /** {@code sourcesPerBatch} distinct source indices for batch {@code index} (partial Fisher-Yates). */
    int[] chooseSources(long index) {
        Random rnd = new Random(seed * 31 + index);
        int n = sources.size();
        int[] picked = new int[sourcesPerBatch];
        java.util.Map<Integer, Integer> swapped = new java.util.HashMap<>();
        for (int i = 0; i < sourcesPerBatch; i++) {
            int j = i + rnd.nextInt(n - i);
            int vj = swapped.getOrDefault(j, j);
            int vi = swapped.getOrDefault(i, i);
            picked[i] = vj;
            swapped.put(j, vi);
        }
        return picked;
    }
}
