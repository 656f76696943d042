package io.hashstream.training.train;

import io.hashstream.image.ModelInput;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.data.FashionMnist;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The first n images of a Fashion-MNIST split (through the shared pipeline), for CI-sized tests. */
public final class FashionMnistSample {
    public static final ModelInput INPUT = FashionMnist.nativeInput();

    private FashionMnistSample() {
    }

    public static boolean available() {
        return FashionMnist.isInstalled();
    }

    /** @param split {@code train} or {@code t10k} */
    public static Dataset load(String split, int n) {
        FashionMnist.Split s = split.equals("train") ? FashionMnist.Split.TRAIN : FashionMnist.Split.TEST;
        try {
            return FashionMnist.preprocess(FashionMnist.readRaw(FashionMnist.dir(), s).head(n), INPUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
