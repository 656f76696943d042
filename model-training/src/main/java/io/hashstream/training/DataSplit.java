package io.hashstream.training;

import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.data.DatasetUnavailableException;
import io.hashstream.training.data.IdxFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A named data set resolved to its training (database) and test (query) parts.
 *
 * @param name what was loaded, for logs, the card and BENCHMARKS.md
 * @param train the training images, also the retrieval database
 * @param test the held-out images, the retrieval queries
 */
public record DataSplit(String name, Dataset train, Dataset test) {
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final ModelInput FASHION_MNIST_INPUT =
            new ModelInput(28, 28, 1, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
    private static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * Resolves {@code spec}: {@code fashion-mnist} (the Debian package's IDX files: 60,000 training,
     * 10,000 test images).
     */
    public static DataSplit load(String spec) {
        if (spec.equals("fashion-mnist")) {
            return fashionMnist(FASHION_MNIST_DIR);
        }
        throw new IllegalArgumentException("unknown data set '" + spec + "' (known: fashion-mnist)");
    }

    static DataSplit fashionMnist(Path dir) {
        if (!Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))) {
            throw new DatasetUnavailableException("Fashion-MNIST not found in " + dir
                    + ": install it with `apt-get install -y dataset-fashion-mnist` (scripts/install-deps.sh does)");
        }
        return new DataSplit("fashion-mnist", idx(dir, "train"), idx(dir, "t10k"));
    }

    private static Dataset idx(Path dir, String split) {
        try {
            IdxFile images = IdxFile.read(dir.resolve(split + "-images-idx3-ubyte.gz"));
            IdxFile labels = IdxFile.read(dir.resolve(split + "-labels-idx1-ubyte.gz"));
            if (images.count() != labels.count() || images.itemSize() != FASHION_MNIST_INPUT.floatsPerImage()) {
                throw new IOException("inconsistent Fashion-MNIST " + split + " files in " + dir);
            }
            float[] x = new float[images.data().length];
            ModelInput.Normalization norm = FASHION_MNIST_INPUT.normalization();
            byte[] px = images.data();
            for (int i = 0; i < x.length; i++) {
                x[i] = norm.apply(px[i] & 0xFF);
            }
            int[] y = new int[labels.count()];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels.data()[i];
            }
            return new Dataset("fashion-mnist/" + split, FASHION_MNIST_INPUT, x, y, FASHION_MNIST_CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code trainLimit} training and {@code testLimit} test images (0 = all). */
    public DataSplit limit(int trainLimit, int testLimit) {
        Dataset tr = trainLimit > 0 && trainLimit < train.size() ? train.head(trainLimit) : train;
        Dataset te = testLimit > 0 && testLimit < test.size() ? test.head(testLimit) : test;
        return new DataSplit(name, tr, te);
    }
}
