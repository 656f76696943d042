package io.hashstream.training.baseline.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CovarianceTest {

    @Test
    void handComputed() {
        // rows (1, 0), (3, 2), (2, 4): mean (2, 2); cov = [[2/3, 2/3], [2/3, 8/3]] (population)
        float[] rows = {1, 0, 3, 2, 2, 4};
        Covariance c = Covariance.of(rows, 3, 2, 2);
        assertThat(c.mean()).containsExactly(new double[] {2, 2}, within(1e-12));
        assertThat(c.covariance()[0]).containsExactly(new double[] {2.0 / 3, 2.0 / 3}, within(1e-12));
        assertThat(c.covariance()[1]).containsExactly(new double[] {2.0 / 3, 8.0 / 3}, within(1e-12));
    }

    @Test
    void matchesTheTwoPassDefinitionForAnyThreadCount() {
        Random rnd = new Random(1);
        int n = 301;
        int d = 13;
        float[] rows = new float[n * d];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = rnd.nextInt(3) == 0 ? 0f : rnd.nextFloat();
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                mean[a] += rows[i * d + a] / (double) n;
            }
        }
        double[][] expected = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    expected[a][b] += (rows[i * d + a] - mean[a]) * (rows[i * d + b] - mean[b]) / n;
                }
            }
        }
        Covariance single = Covariance.of(rows, n, d, 1);
        for (int threads : new int[] {1, 2, 5, 40}) {
            Covariance c = Covariance.of(rows, n, d, threads);
            assertThat(c.mean()).containsExactly(mean, within(1e-12));
            assertThat(Matrices.maxAbsDifference(c.covariance(), expected)).isLessThan(1e-12);
            assertThat(c.covariance()).as("bit-identical for %d threads", threads).isDeepEqualTo(single.covariance());
        }
    }
}
