package io.hashstream.training;

import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.data.FashionMnist;
import io.hashstream.training.data.ImageFolderDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A named data set resolved to its training (database) and test (query) parts, every image through
 * the shared preprocessing path ({@link io.hashstream.image.ImagePipeline}) that serving uses.
 *
 * @param name what was loaded, for logs, the card and BENCHMARKS.md
 * @param train the training images, also the retrieval database
 * @param test the held-out images, the retrieval queries
 */
public record DataSplit(String name, Dataset train, Dataset test) {
    public static final Path FASHION_MNIST_DIR = FashionMnist.dir();
    public static final String FOLDER_PREFIX = "folder:";

    /**
     * Resolves {@code spec}: {@code fashion-mnist} (the Debian package: 60,000 training and 10,000
     * test images, 28x28 gray in [0, 1]) or {@code folder:DIR} (one subfolder per label, RGB
     * {@code size}x{@code size}; a seeded {@code testFraction} of the images become the queries).
     */
    public static DataSplit load(String spec, int size, double testFraction, long seed) {
        try {
            if (spec.equals("fashion-mnist")) {
                ModelInput in = FashionMnist.nativeInput();
                return new DataSplit("fashion-mnist", FashionMnist.load(FashionMnist.Split.TRAIN, in),
                        FashionMnist.load(FashionMnist.Split.TEST, in));
            }
            if (spec.startsWith(FOLDER_PREFIX)) {
                ModelInput in = new ModelInput(size, size, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
                Dataset all = ImageFolderDataset.load(Path.of(spec.substring(FOLDER_PREFIX.length())), in).dataset();
                return split(spec, all, testFraction, seed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data set " + spec, e);
        }
        throw new IllegalArgumentException("unknown data set '" + spec + "' (known: fashion-mnist, folder:DIR)");
    }

    public static DataSplit load(String spec) {
        return load(spec, 64, 0.1, 42);
    }

    private static DataSplit split(String name, Dataset all, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        int[] order = Dataset.permutation(all.size(), seed);
        int nTest = Math.max(1, (int) Math.round(all.size() * testFraction));
        if (nTest >= all.size()) {
            throw new IllegalArgumentException(name + " has too few images (" + all.size() + ") to split");
        }
        return new DataSplit(name, all.subset(Arrays.copyOfRange(order, nTest, order.length)),
                all.subset(Arrays.copyOfRange(order, 0, nTest)));
    }

    /** The first {@code trainLimit} training and {@code testLimit} test images (0 = all). */
    public DataSplit limit(int trainLimit, int testLimit) {
        Dataset tr = trainLimit > 0 && trainLimit < train.size() ? train.head(trainLimit) : train;
        Dataset te = testLimit > 0 && testLimit < test.size() ? test.head(testLimit) : test;
        return new DataSplit(name, tr, te);
    }
}
