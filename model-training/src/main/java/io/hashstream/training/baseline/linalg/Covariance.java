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
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                mean[a] += rows[i * d + a];
            }
        }
        for (int a = 0; a < d; a++) {
            mean[a] /= n;
        }
        // Threads own bands of rows a of the upper triangle (balanced by area) and each scans all
        // data rows in order, so every sum has the same order whatever the thread count.
        int workers = Math.max(1, Math.min(threads, d));
        int[] bandStart = new int[workers + 1];
        long area = (long) d * (d + 1) / 2;
        for (int w = 1, a = 0; w < workers; w++) {
            long target = area * w / workers;
            long covered = (long) a * d - (long) a * (a - 1) / 2;
            while (a < d && covered < target) {
                covered += d - a;
                a++;
            }
            bandStart[w] = a;
        }
        bandStart[workers] = d;
        double[][] sums = new double[d][d];
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int from = bandStart[w];
                int to = bandStart[w + 1];
                futures.add(pool.submit(() -> accumulate(rows, n, d, from, to, sums)));
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

        double[][] cov = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double c = sums[a][b] / n - mean[a] * mean[b];
                cov[a][b] = c;
                cov[b][a] = c;
            }
        }
        return new Covariance(mean, cov);
    }

    /** Rows [aFrom, aTo) of the upper triangle of Σ x xᵀ over all n data rows. */
    private static void accumulate(float[] rows, int n, int d, int aFrom, int aTo, double[][] sums) {
        double[] x = new double[d];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int a = aFrom; a < d; a++) {
                x[a] = rows[off + a];
            }
            for (int a = aFrom; a < aTo; a++) {
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
