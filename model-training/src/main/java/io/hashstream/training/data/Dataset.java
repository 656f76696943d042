package io.hashstream.training.data;

import io.hashstream.image.ModelInput;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Labelled, preprocessed images held in memory: {@code size()} images of
 * {@code input().floatsPerImage()} floats each, back to back in NHWC order (exactly what an
 * {@link io.hashstream.model.Encoder} consumes), and one integer label per image.
 *
 * <p>Immutable by contract: {@link #images()} hands out the backing array without copying (the
 * full Fashion-MNIST training set is 188 MB of floats), and callers must not write to it.
 * {@link #subset}, {@link #shuffled} and {@link #head} return new datasets with their own arrays.
 */
public final class Dataset {
    private final String name;
    private final ModelInput input;
    private final float[] images;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param name what the data is, e.g. {@code fashion-mnist/train}
     * @param input the shape and normalization of the images
     * @param images {@code labels.length * input.floatsPerImage()} floats, NHWC (kept, not copied)
     * @param labels class index per image, in [0, classNames.size())
     * @param classNames name of each class index
     */
    public Dataset(String name, ModelInput input, float[] images, int[] labels, List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.input = Objects.requireNonNull(input, "input");
        this.classNames = List.copyOf(classNames);
        if ((long) labels.length * input.floatsPerImage() != images.length) {
            throw new IllegalArgumentException("expected " + labels.length + " images of " + input.floatsPerImage()
                    + " floats, got " + images.length + " floats");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside [0, "
                        + this.classNames.size() + ")");
            }
        }
        this.images = images;
        this.labels = labels.clone();
    }

    public String name() {
        return name;
    }

    public ModelInput input() {
        return input;
    }

    public int size() {
        return labels.length;
    }

    public int floatsPerImage() {
        return input.floatsPerImage();
    }

    public List<String> classNames() {
        return classNames;
    }

    public int classCount() {
        return classNames.size();
    }

    /** The backing NHWC array, not a copy: read only. */
    public float[] images() {
        return images;
    }

    public int label(int i) {
        return labels[i];
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Copies image {@code i} into {@code dst} at {@code offset}. */
    public void copyImage(int i, float[] dst, int offset) {
        int f = input.floatsPerImage();
        System.arraycopy(images, i * f, dst, offset, f);
    }

    /**
     * Gathers the images and labels at {@code indices[from .. from+count)} into a batch: image k goes
     * to {@code batchImages[k * floatsPerImage ..]}, its label to {@code batchLabels[k]}.
     */
    public void gather(int[] indices, int from, int count, float[] batchImages, int[] batchLabels) {
        int f = input.floatsPerImage();
        for (int k = 0; k < count; k++) {
            int i = indices[from + k];
            System.arraycopy(images, i * f, batchImages, k * f, f);
            batchLabels[k] = labels[i];
        }
    }

    /** The images at {@code indices}, in that order (repeats allowed). */
    public Dataset subset(int[] indices) {
        int f = input.floatsPerImage();
        float[] sub = new float[indices.length * f];
        int[] subLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], labels.length);
            System.arraycopy(images, i * f, sub, k * f, f);
            subLabels[k] = labels[i];
        }
        return new Dataset(name, input, sub, subLabels, classNames);
    }

    /** The first {@code n} images (all when {@code n >= size()}). */
    public Dataset head(int n) {
        int m = Math.min(Math.max(n, 0), labels.length);
        int f = input.floatsPerImage();
        return new Dataset(name, input, Arrays.copyOf(images, m * f), Arrays.copyOf(labels, m), classNames);
    }

    /** The same images in an order fixed by {@code seed}. */
    public Dataset shuffled(long seed) {
        return subset(permutation(labels.length, seed));
    }

    /** A uniformly random permutation of 0..n-1, the same for the same seed (Fisher-Yates over {@link Random}). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images " + input.width() + "x" + input.height() + "x" + input.channels() + ", "
                + classCount() + " classes)";
    }
}
