package io.hashstream.training.train;

import io.hashstream.image.ModelInput;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.data.IdxFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The first n images of a Fashion-MNIST split from the Debian package, for CI-sized training tests. */
public final class FashionMnistSample {
    public static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final ModelInput INPUT = new ModelInput(28, 28, 1, ModelInput.Normalization.ZERO_ONE, 1);
    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnistSample() {
    }

    public static boolean available() {
        return Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz"));
    }

    /** @param split {@code train} or {@code t10k} */
    public static Dataset load(String split, int n) {
        try {
            IdxFile images = IdxFile.read(DIR.resolve(split + "-images-idx3-ubyte.gz"));
            IdxFile labels = IdxFile.read(DIR.resolve(split + "-labels-idx1-ubyte.gz"));
            int m = Math.min(n, images.count());
            int per = INPUT.floatsPerImage();
            float[] x = new float[m * per];
            byte[] px = images.data();
            for (int i = 0; i < x.length; i++) {
                x[i] = INPUT.normalization().apply(px[i] & 0xFF);
            }
            int[] y = new int[m];
            for (int i = 0; i < m; i++) {
                y[i] = labels.data()[i];
            }
            return new Dataset("fashion-mnist/" + split + "[0:" + m + "]", INPUT, x, y, CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
