package io.hashstream.training.net;

import java.util.Random;

/** Initial values of a fresh weight, drawn in Java from a seeded generator (runs are repeatable). */
public enum WeightInit {
    /** Glorot/Xavier uniform: U(-l, l), l = sqrt(6 / (fanIn + fanOut)), for kernels. */
    GLOROT_UNIFORM,
    /** Zeros, for biases. */
    ZEROS;

    /**
     * Values for a weight of {@code shape}: a dense [in, out] matrix or a conv kernel [h, w, in, out]
     * (receptive field h·w), or a bias vector.
     */
    public float[] values(Random random, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        if (this == ZEROS) {
            return v;
        }
        if (shape.length < 2) {
            throw new IllegalArgumentException("Glorot initialization needs a matrix or kernel shape");
        }
        long receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            receptive *= shape[i];
        }
        double fanIn = receptive * shape[shape.length - 2];
        double fanOut = receptive * shape[shape.length - 1];
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return v;
    }
}
