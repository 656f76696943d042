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
    private final int neighbourRun;
    /** Per source, the others a run starting there takes; null: the next ones in key order. */
    private volatile int[][] neighbours;

    public InstanceBatches(List<BufferedImage> sources, ImagePipeline pipeline, Augmentation edit,
                           int sourcesPerBatch, int viewsPerSource, long seed) {
        this(sources, pipeline, edit, sourcesPerBatch, viewsPerSource, seed, 1);
    }

    /**
     * @param sources in key order when {@code neighbourRun} > 1
     * @param neighbourRun sources are drawn in runs of this many neighbours in {@code sources}' order, 1 =
     *     independently. The collections' keys sort pictures of a series next to each other (one shape in
     *     several styles, one stamp in several colours), so runs put look-alike different sources into one
     *     batch, where the loss must tell them apart: hard negatives, without mining.
     */
    public InstanceBatches(List<BufferedImage> sources, ImagePipeline pipeline, Augmentation edit,
                           int sourcesPerBatch, int viewsPerSource, long seed, int neighbourRun) {
        if (sourcesPerBatch < 2 || viewsPerSource < 2) {
            throw new IllegalArgumentException("need >= 2 sources and >= 2 views per source for both kinds of pair");
        }
        if (neighbourRun < 1 || neighbourRun > sourcesPerBatch) {
            throw new IllegalArgumentException("neighbour run " + neighbourRun + " outside 1.." + sourcesPerBatch);
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
        this.neighbourRun = neighbourRun;
    }

    public int batchSize() {
        return sourcesPerBatch * viewsPerSource;
    }

    /** Fills {@code images} (batchSize × floatsPerImage) and {@code labels} (batchSize) with batch {@code index}. */
    public void batch(long index, float[] images, int[] labels) {
        batch(index, images, labels, neighbours);
    }

    /**
     * As {@link #batch(long, float[], int[])} with the runs' neighbour table given (null: key order), so a
     * batch prepared on another thread uses the table current when it was asked for.
     */
    public void batch(long index, float[] images, int[] labels, int[][] table) {
        int[] chosen = chooseSources(index, table);
        int per = pipeline.input().floatsPerImage();
        IntStream.range(0, batchSize()).parallel().forEach(k -> {
            int s = k / viewsPerSource;
            Random rnd = new Random(Seeds.of(seed, index, k));
            pipeline.toModelInput(edit.apply(sources.get(chosen[s]), rnd), images, k * per);
            labels[k] = s;
        });
    }

    /**
     * {@code sourcesPerBatch} distinct source indices for batch {@code index}: independent draws (partial
     * Fisher-Yates), or runs of {@code neighbourRun} consecutive sources from random starts.
     */
    int[] chooseSources(long index) {
        return chooseSources(index, neighbours);
    }

    private int[] chooseSources(long index, int[][] table) {
        Random rnd = new Random(Seeds.of(seed, index, -1));
        if (neighbourRun > 1) {
            return chooseRuns(rnd, table);
        }
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

    private int[] chooseRuns(Random rnd, int[][] table) {
        int n = sources.size();
        java.util.LinkedHashSet<Integer> picked = new java.util.LinkedHashSet<>();
        while (picked.size() < sourcesPerBatch) {
            int start = rnd.nextInt(n);
            picked.add(start);
            for (int k = 1; k < neighbourRun && picked.size() < sourcesPerBatch; k++) {
                picked.add(table == null ? (start + k) % n : table[start][k - 1]);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * From now on, a run starting at source i takes {@code table[i][0..neighbourRun-2]} (e.g. the sources
     * whose codes are nearest i's: mined hard negatives) instead of the next sources in key order.
     */
    public void useNeighbours(int[][] table) {
        if (table.length != sources.size()) {
            throw new IllegalArgumentException(table.length + " rows for " + sources.size() + " sources");
        }
        for (int i = 0; i < table.length; i++) {
            if (table[i].length < neighbourRun - 1) {
                throw new IllegalArgumentException("source " + i + " has " + table[i].length + " neighbours, a run needs "
                        + (neighbourRun - 1));
            }
        }
        neighbours = table;
    }

    /** The table set by {@link #useNeighbours}, or null (key order). */
    public int[][] neighbourTable() {
        return neighbours;
    }

    /** The sources, in the order the batches index them. */
    public List<BufferedImage> sources() {
        return sources;
    }
}
