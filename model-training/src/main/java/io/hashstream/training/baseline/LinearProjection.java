package io.hashstream.training.baseline;

import io.hashstream.code.BinaryCode;

import java.util.stream.IntStream;

/**
 * z = (x − μ) P for a D×K matrix P; the code is bit k = 1 iff z_k &gt; 0. Both baselines end as
 * one of these. Computed as x P − μ P so that zero pixels (about half of Fashion-MNIST) cost
 * nothing; rows are spread over the common fork-join pool.
 */
final class LinearProjection {
    private static final int ROWS_PER_TASK = 256;

    private final int inputs;
    private final int outputs;
    /** Row-major D×K: the K outputs of input d are contiguous. */
    private final double[] matrix;
    private final double[] offset;

    /** @param projection D×K as {@code projection[d][k]} */
    LinearProjection(double[] mean, double[][] projection) {
        this.inputs = projection.length;
        this.outputs = projection[0].length;
        if (mean.length != inputs) {
            throw new IllegalArgumentException("mean has " + mean.length + " entries, projection " + inputs + " rows");
        }
        this.matrix = new double[inputs * outputs];
        this.offset = new double[outputs];
        for (int d = 0; d < inputs; d++) {
            for (int k = 0; k < outputs; k++) {
                matrix[d * outputs + k] = projection[d][k];
                offset[k] += mean[d] * projection[d][k];
            }
        }
    }

    int inputs() {
        return inputs;
    }

    int outputs() {
        return outputs;
    }

    /** The projections of {@code n} rows, row-major n×K. */
    double[] project(float[] rows, int n) {
        checkRows(rows, n);
        double[] out = new double[n * outputs];
        IntStream.range(0, (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK).parallel().forEach(t -> {
            for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                projectRow(rows, i, out, i * outputs);
            }
        });
        return out;
    }

    BinaryCode[] encode(float[] rows, int n) {
        checkRows(rows, n);
        BinaryCode[] codes = new BinaryCode[n];
        IntStream.range(0, (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK).parallel().forEach(t -> {
            double[] z = new double[outputs];
            float[] signs = new float[outputs];
            for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                projectRow(rows, i, z, 0);
                for (int k = 0; k < outputs; k++) {
                    signs[k] = z[k] > 0 ? 1f : -1f;
                }
                codes[i] = BinaryCode.fromSigns(signs, 0, outputs);
            }
        });
        return codes;
    }

    private void projectRow(float[] rows, int i, double[] out, int at) {
        for (int k = 0; k < outputs; k++) {
            out[at + k] = -offset[k];
        }
        int base = i * inputs;
        for (int d = 0; d < inputs; d++) {
            double x = rows[base + d];
            if (x == 0.0) {
                continue;
            }
            int m = d * outputs;
            for (int k = 0; k < outputs; k++) {
                out[at + k] += x * matrix[m + k];
            }
        }
    }

    private void checkRows(float[] rows, int n) {
        if (n < 0 || (long) n * inputs > rows.length) {
            throw new IllegalArgumentException("need " + n + " rows of " + inputs + " floats, got " + rows.length + " floats");
        }
    }
}
