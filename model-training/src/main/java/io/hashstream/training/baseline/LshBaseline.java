package io.hashstream.training.baseline;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.baseline.linalg.Matrices;

import java.util.Random;

/**
 * Locality-sensitive hashing with random hyperplanes (Charikar 2002): bit k is the sign of the
 * centred input projected on a direction drawn from N(0, I), seeded. Fitting only learns the mean.
 */
public final class LshBaseline implements HashingMethod {
    private final int bits;
    private final long seed;
    private LinearProjection projection;

    public LshBaseline(int bits, long seed) {
        BinaryCode.checkBits(bits);
        this.bits = bits;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "LSH";
    }

    @Override
    public int bits() {
        return bits;
    }

    @Override
    public void fit(Dataset train) {
        int d = train.floatsPerImage();
        int n = train.size();
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit on an empty data set");
        }
        float[] x = train.images();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        projection = new LinearProjection(mean, Matrices.gaussian(d, bits, new Random(seed)));
    }

    @Override
    public BinaryCode[] encode(float[] images, int n) {
        if (projection == null) {
            throw new IllegalStateException("fit before encode");
        }
        return projection.encode(images, n);
    }

    LinearProjection projection() {
        return projection;
    }
}
