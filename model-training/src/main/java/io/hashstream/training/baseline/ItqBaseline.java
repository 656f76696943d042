package io.hashstream.training.baseline;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.baseline.linalg.Covariance;
import io.hashstream.training.baseline.linalg.Matrices;
import io.hashstream.training.baseline.linalg.Svd;
import io.hashstream.training.baseline.linalg.SymmetricEigen;
import io.hashstream.training.data.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Iterative quantization (Gong &amp; Lazebnik, CVPR 2011): PCA of the centred data to K dimensions
 * (V = (X − μ) W), then an orthogonal rotation R minimizing the quantization loss
 * ‖B − V R‖²_F with B = sign(V R), by alternating B = sign(V R) and the orthogonal Procrustes
 * solution R = Ŝ Sᵀ from the SVD Bᵀ V = S Ω Ŝᵀ, from a random orthogonal start (seeded).
 * Codes are sign((x − μ) W R).
 */
public final class ItqBaseline implements HashingMethod {
    public static final int DEFAULT_ITERATIONS = 50;
    private static final int ROWS_PER_TASK = 1024;

    private final int bits;
    private final int iterations;
    private final long seed;
    private final int threads;
    private LinearProjection projection;
    private final List<Double> quantizationLoss = new ArrayList<>();

    public ItqBaseline(int bits, long seed) {
        this(bits, DEFAULT_ITERATIONS, seed, Runtime.getRuntime().availableProcessors());
    }

    public ItqBaseline(int bits, int iterations, long seed, int threads) {
        BinaryCode.checkBits(bits);
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0");
        }
        this.bits = bits;
        this.iterations = iterations;
        this.seed = seed;
        this.threads = Math.max(1, threads);
    }

    @Override
    public String name() {
        return "ITQ";
    }

    @Override
    public int bits() {
        return bits;
    }

    @Override
    public void fit(Dataset train) {
        int d = train.floatsPerImage();
        int n = train.size();
        if (bits > d) {
            throw new IllegalArgumentException("ITQ needs bits <= input dimension (" + d + "), got " + bits);
        }
        Covariance cov = Covariance.of(train.images(), n, d, threads);
        double[][] pca = SymmetricEigen.of(cov.covariance()).leadingVectorsAsColumns(bits);
        double[] v = new LinearProjection(cov.mean(), pca).project(train.images(), n);

        double[][] r = Matrices.randomOrthogonal(bits, new Random(seed));
        quantizationLoss.clear();
        for (int it = 0; it < iterations; it++) {
            Step step = step(v, n, r);
            quantizationLoss.add(step.loss);
            // Procrustes: maximize tr(R Bᵀ V); with Bᵀ V = S Ω Ŝᵀ the optimum is R = Ŝ Sᵀ.
            Svd svd = Svd.of(step.btv);
            r = Matrices.multiply(svd.v(), Matrices.transpose(svd.u()));
        }
        quantizationLoss.add(step(v, n, r).loss);
        projection = new LinearProjection(cov.mean(), Matrices.multiply(pca, r));
    }

    /** ‖B − V R‖²_F and Bᵀ V for B = sign(V R); one pass over the rows, split over the pool. */
    private Step step(double[] v, int n, double[][] r) {
        int k = bits;
        double[] rFlat = new double[k * k];
        for (int a = 0; a < k; a++) {
            System.arraycopy(r[a], 0, rFlat, a * k, k);
        }
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        Step[] partial = new Step[tasks];
        IntStream.range(0, tasks).parallel().forEach(t -> {
            double[][] btv = new double[k][k];
            double loss = 0;
            double[] z = new double[k];
            for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                int row = i * k;
                java.util.Arrays.fill(z, 0.0);
                for (int a = 0; a < k; a++) {
                    double va = v[row + a];
                    int ra = a * k;
                    for (int b = 0; b < k; b++) {
                        z[b] += va * rFlat[ra + b];
                    }
                }
                for (int b = 0; b < k; b++) {
                    double sign = z[b] > 0 ? 1.0 : -1.0; // same convention as the codes
                    double diff = sign - z[b];
                    loss += diff * diff;
                    double[] bt = btv[b];
                    for (int a = 0; a < k; a++) {
                        bt[a] += sign * v[row + a];
                    }
                }
            }
            partial[t] = new Step(loss, btv);
        });
        double loss = 0;
        double[][] btv = new double[k][k];
        for (Step s : partial) { // fixed order: the result does not depend on scheduling
            loss += s.loss;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    btv[a][b] += s.btv[a][b];
                }
            }
        }
        return new Step(loss, btv);
    }

    private record Step(double loss, double[][] btv) {}

    @Override
    public BinaryCode[] encode(float[] images, int n) {
        if (projection == null) {
            throw new IllegalStateException("fit before encode");
        }
        return projection.encode(images, n);
    }

    /**
     * The quantization loss ‖B − V R‖²_F before each rotation update and after the last one
     * ({@code iterations + 1} values) of the latest {@link #fit}.
     */
    public List<Double> quantizationLoss() {
        return List.copyOf(quantizationLoss);
    }
}
