package io.hashstream.training.net;

import java.util.Arrays;

/** A weight's trained values (row-major) and shape. */
public record WeightValues(long[] shape, float[] values) {

    public WeightValues {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + values.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
