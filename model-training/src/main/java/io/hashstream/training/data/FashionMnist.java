package io.hashstream.training.data;

import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fashion-MNIST (Xiao et al. 2017) as installed by the Debian package {@code dataset-fashion-mnist}:
 * gzipped IDX files of 28×28 gray images and their labels (60,000 train, 10,000 test, 10 classes).
 *
 * <p>Every image goes through the shared {@link ImagePipeline} (as an 8-bit gray
 * {@link BufferedImage}), the code path serving uses, so training inputs and serving inputs are
 * normalized identically, whatever the {@link ModelInput} asks for (size, channels, normalization).
 */
public final class FashionMnist {

    /** Where the Debian package puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** System property overriding {@link #DEFAULT_DIR}. */
    public static final String DIR_PROPERTY = "hashstream.fashion-mnist.dir";
    public static final int SIDE = 28;
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The two published splits, with the file-name prefix of each. */
    public enum Split {
        TRAIN("train", 60_000),
        TEST("t10k", 10_000);

        private final String prefix;
        private final int size;

        Split(String prefix, int size) {
            this.prefix = prefix;
            this.size = size;
        }

        public Path images(Path dir) {
            return dir.resolve(prefix + "-images-idx3-ubyte.gz");
        }

        public Path labels(Path dir) {
            return dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        }

        public int size() {
            return size;
        }
    }

    /** Raw pixels (row-major bytes, 784 per image) and labels, before preprocessing. */
    public record Raw(Split split, byte[] pixels, int[] labels) {
        public int size() {
            return labels.length;
        }

        /** The first {@code n} images (all when {@code n >= size()}). */
        public Raw head(int n) {
            int m = Math.min(Math.max(n, 0), size());
            return new Raw(split, java.util.Arrays.copyOf(pixels, m * SIDE * SIDE), java.util.Arrays.copyOf(labels, m));
        }
    }

    private FashionMnist() {}

    /** 28×28, 1 channel, pixels scaled to [0, 1]: the natural input for this data set. */
    public static ModelInput nativeInput() {
        return new ModelInput(SIDE, SIDE, 1, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
    }

    /** The directory in use: {@value #DIR_PROPERTY} if set, else {@link #DEFAULT_DIR}. */
    public static Path dir() {
        String p = System.getProperty(DIR_PROPERTY);
        return p == null || p.isBlank() ? DEFAULT_DIR : Path.of(p);
    }

    public static Dataset load(Split split, ModelInput input) throws IOException {
        return load(dir(), split, input);
    }

    public static Dataset load(Path dir, Split split, ModelInput input) throws IOException {
        return preprocess(readRaw(dir, split), input);
    }

    /**
     * Reads one split's IDX files.
     *
     * @throws DatasetUnavailableException if the files are missing, with the install command
     */
    public static Raw readRaw(Path dir, Split split) throws IOException {
        for (Path p : List.of(split.images(dir), split.labels(dir))) {
            if (!Files.isRegularFile(p)) {
                throw new DatasetUnavailableException("Fashion-MNIST file " + p + " not found. Install the Debian package: "
                        + "`sudo apt-get install -y dataset-fashion-mnist` (or run scripts/install-deps.sh), or point -D"
                        + DIR_PROPERTY + "=<dir> at a directory holding " + split.images(Path.of("")) + " and "
                        + split.labels(Path.of("")) + ".");
            }
        }
        IdxFile images = IdxFile.read(split.images(dir));
        IdxFile labels = IdxFile.read(split.labels(dir));
        if (images.dims().length != 3 || images.dims()[1] != SIDE || images.dims()[2] != SIDE) {
            throw new IOException(split.images(dir) + ": expected N x 28 x 28 images, got " + images);
        }
        if (labels.dims().length != 1 || labels.count() != images.count()) {
            throw new IOException(split.labels(dir) + ": expected " + images.count() + " labels, got " + labels);
        }
        int[] l = new int[labels.count()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.data()[i] & 0xFF;
            if (l[i] >= CLASS_NAMES.size()) {
                throw new IOException(split.labels(dir) + ": label " + l[i] + " at " + i + " is not a Fashion-MNIST class");
            }
        }
        return new Raw(split, images.data(), l);
    }

    /** Runs every raw image through the shared pipeline (in parallel; the pipeline is thread-safe). */
    public static Dataset preprocess(Raw raw, ModelInput input) {
        ImagePipeline pipeline = new ImagePipeline(input);
        int f = input.floatsPerImage();
        int pixels = SIDE * SIDE;
        float[] out = new float[raw.size() * f];
        int chunk = 512;
        IntStream.range(0, (raw.size() + chunk - 1) / chunk).parallel().forEach(c -> {
            BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
            byte[] buffer = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = c * chunk; i < Math.min(raw.size(), (c + 1) * chunk); i++) {
                System.arraycopy(raw.pixels(), i * pixels, buffer, 0, pixels);
                pipeline.toModelInput(img, out, i * f);
            }
        });
        return new Dataset("fashion-mnist/" + raw.split().name().toLowerCase(java.util.Locale.ROOT), input, out,
                raw.labels(), CLASS_NAMES);
    }

    /** Whether both splits are present in {@link #dir()}. */
    public static boolean isInstalled() {
        Path d = dir();
        for (Split s : Split.values()) {
            if (!Files.isRegularFile(s.images(d)) || !Files.isRegularFile(s.labels(d))) {
                return false;
            }
        }
        return true;
    }

}
