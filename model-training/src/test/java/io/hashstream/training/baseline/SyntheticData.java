package io.hashstream.training.baseline;

import io.hashstream.image.ModelInput;
import io.hashstream.training.data.Dataset;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Gaussian clusters in [0, 1]-ish pixel space, shaped as tiny gray images, for fast baseline tests. */
final class SyntheticData {
    private SyntheticData() {}

    static Dataset clusters(int n, int side, int classes, double noise, long seed) {
        Random rnd = new Random(seed);
        int d = side * side;
        double[][] centres = new double[classes][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = rnd.nextDouble();
            }
        }
        float[] x = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(classes);
            labels[i] = c;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (centres[c][j] + noise * rnd.nextGaussian());
            }
        }
        ModelInput input = new ModelInput(side, side, 1, ModelInput.Normalization.ZERO_ONE, 1);
        List<String> names = IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        return new Dataset("synthetic", input, x, labels, names);
    }
}
