package io.hashstream.training.baseline.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SymmetricEigenTest {

    @Test
    void twoByTwo() {
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertThat(e.values()).containsExactly(new double[] {3, 1}, within(1e-12));
        double h = Math.sqrt(0.5);
        assertThat(Math.abs(e.vector(0)[0])).isCloseTo(h, within(1e-12));
        assertThat(e.vector(0)[0] * e.vector(0)[1]).isCloseTo(0.5, within(1e-12)); // (1, 1)/√2 up to sign
        assertThat(e.vector(1)[0] * e.vector(1)[1]).isCloseTo(-0.5, within(1e-12)); // (1, -1)/√2 up to sign
    }

    @Test
    void secondDifferenceMatrixHasKnownSpectrum() {
        // tridiag(-1, 2, -1) of size n: λ_k = 2 - 2 cos(kπ/(n+1)), v_k(j) ∝ sin(jkπ/(n+1)).
        int n = 7;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = 2;
            if (i + 1 < n) {
                a[i][i + 1] = -1;
                a[i + 1][i] = -1;
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a);
        for (int k = 1; k <= n; k++) {
            double expected = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
            assertThat(e.value(n - k)).isCloseTo(expected, within(1e-12));
            double[] v = e.vector(n - k);
            double norm = 0;
            for (int j = 1; j <= n; j++) {
                norm += Math.pow(Math.sin(j * k * Math.PI / (n + 1)), 2);
            }
            double dot = 0;
            for (int j = 1; j <= n; j++) {
                dot += v[j - 1] * Math.sin(j * k * Math.PI / (n + 1)) / Math.sqrt(norm);
            }
            assertThat(Math.abs(dot)).isCloseTo(1.0, within(1e-10));
        }
    }

    @Test
    void denseMatrixWithTheFullHouseholderPath() {
        // Q diag(5, 3, 3, -1) Qᵀ with a known rotation Q: a repeated eigenvalue and a negative one.
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double[][] q1 = {{c, -s, 0, 0}, {s, c, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        double[][] q2 = {{1, 0, 0, 0}, {0, c, 0, -s}, {0, 0, 1, 0}, {0, s, 0, c}};
        double[][] q3 = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, c, -s}, {0, 0, s, c}};
        double[][] q = Matrices.multiply(Matrices.multiply(q1, q2), q3);
        double[][] lambda = {{5, 0, 0, 0}, {0, 3, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, -1}};
        double[][] a = Matrices.multiply(Matrices.multiply(q, lambda), Matrices.transpose(q));

        SymmetricEigen e = SymmetricEigen.of(a);
        assertThat(e.values()).containsExactly(new double[] {5, 3, 3, -1}, within(1e-12));
        assertReconstructs(a, e, 1e-12);
    }

    @Test
    void randomSymmetricMatricesAreReconstructedByOrthonormalEigenvectors() {
        Random rnd = new Random(3);
        for (int n : new int[] {1, 2, 3, 10, 60}) {
            double[][] g = Matrices.gaussian(n, n, rnd);
            double[][] a = Matrices.multiply(g, Matrices.transpose(g)); // symmetric positive semi-definite
            a[0][0] -= 3; // and not definite
            SymmetricEigen e = SymmetricEigen.of(a);
            assertReconstructs(a, e, 1e-9 * n);
            double[] values = e.values();
            for (int i = 1; i < n; i++) {
                assertThat(values[i]).isLessThanOrEqualTo(values[i - 1]);
            }
        }
    }

    @Test
    void diagonalAndZeroMatrices() {
        SymmetricEigen d = SymmetricEigen.of(new double[][] {{1, 0, 0}, {0, 4, 0}, {0, 0, 2}});
        assertThat(d.values()).containsExactly(4, 2, 1);
        assertThat(d.vector(0)).containsExactly(0, 1, 0);
        SymmetricEigen z = SymmetricEigen.of(new double[3][3]);
        assertThat(z.values()).containsOnly(0.0);
        assertReconstructs(new double[3][3], z, 0);
    }

    private static void assertReconstructs(double[][] a, SymmetricEigen e, double tolerance) {
        int n = a.length;
        double[][] v = e.leadingVectorsAsColumns(n);
        double[][] vtv = Matrices.multiply(Matrices.transpose(v), v);
        assertThat(Matrices.maxAbsDifference(vtv, Matrices.identity(n))).isLessThanOrEqualTo(Math.max(tolerance, 1e-12));
        double[][] lambda = new double[n][n];
        for (int i = 0; i < n; i++) {
            lambda[i][i] = e.value(i);
        }
        double[][] back = Matrices.multiply(Matrices.multiply(v, lambda), Matrices.transpose(v));
        assertThat(Matrices.maxAbsDifference(back, a)).isLessThanOrEqualTo(Math.max(tolerance, 1e-12));
    }
}
