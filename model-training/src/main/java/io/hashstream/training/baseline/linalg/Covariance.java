package io.hashstream.training.baseline.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mean and (population, 1/n) covariance of n rows of d floats stored back to back.
 *
 * <p>Accumulates Σ x xᵀ on the raw rows, skipping zero entries (image data is often half zeros),
 * in double precision, split over threads; then Cov = Σ x xᵀ / n − μ μᵀ.
 *
 * @param mean the per-column mean
 * @param covariance the d×d covariance
 */
public record Covariance(double[] mean, double[][] covariance) {

    public static Covariance of(float[] rows, int n, int d, int threads) {
        if (n < 1 || (long) n * d > rows.length) {
            throw new IllegalArgumentException("need n >= 1 rows of " + d + " floats, have " + rows.length + " floats for n = " + n);
        }
        int workers = Math.max(1, Math.min(threads, n));
        List<double[][]> partialSums = new ArrayList<>();
        List<double[]> partialMeans = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int from = (int) ((long) n * w / workers);
                int to = (int) ((long) n * (w + 1) / workers);
                double[][] sums = new double[d][d];
                double[] colSums = new double[d];
                partialSums.add(sums);
                partialMeans.add(colSums);
                futures.add(pool.submit(() -> accumulate(rows, from, to, d, sums, colSums)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing a covariance", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("covariance worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }

        double[] mean = new double[d];
        for (double[] s : partialMeans) {
            for (int a = 0; a < d; a++) {
                mean[a] += s[a];
            }
        }
        for (int a = 0; a < d; a++) {
            mean[a] /= n;
        }
        double[][] cov = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double s = 0;
                for (double[][] part : partialSums) {
                    s += part[a][b];
                }
                double c = s / n - mean[a] * mean[b];
                cov[a][b] = c;
                cov[b][a] = c;
            }
        }
        return new Covariance(mean, cov);
    }

    /** Upper triangle of Σ x xᵀ and the column sums over rows [from, to). */
    private static void accumulate(float[] rows, int from, int to, int d, double[][] sums, double[] colSums) {
        double[] x = new double[d];
        for (int i = from; i < to; i++) {
            int off = i * d;
            for (int a = 0; a < d; a++) {
                x[a] = rows[off + a];
                colSums[a] += x[a];
            }
            for (int a = 0; a < d; a++) {
                double xa = x[a];
                if (xa == 0.0) {
                    continue;
                }
                double[] sa = sums[a];
                for (int b = a; b < d; b++) {
                    sa[b] += xa * x[b];
                }
            }
        }
    }
}
