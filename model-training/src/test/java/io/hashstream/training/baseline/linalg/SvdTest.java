package io.hashstream.training.baseline.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SvdTest {

    @Test
    void knownTwoByTwo() {
        // AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5.
        double[][] a = {{3, 0}, {4, 5}};
        Svd svd = Svd.of(a);
        assertThat(svd.sigma()).containsExactly(new double[] {Math.sqrt(45), Math.sqrt(5)}, within(1e-12));
        assertReconstructs(a, svd, 1e-12);
        // right singular vectors are (1, 1)/√2 and (1, -1)/√2 up to sign
        double[][] v = svd.v();
        assertThat(v[0][0] * v[1][0]).isCloseTo(0.5, within(1e-12));
        assertThat(v[0][1] * v[1][1]).isCloseTo(-0.5, within(1e-12));
    }

    @Test
    void orthogonalMatrixHasUnitSingularValues() {
        double c = Math.cos(1.1);
        double s = Math.sin(1.1);
        Svd svd = Svd.of(new double[][] {{c, -s}, {s, c}});
        assertThat(svd.sigma()).containsExactly(new double[] {1, 1}, within(1e-14));
    }

    @Test
    void randomSquareMatrices() {
        Random rnd = new Random(11);
        for (int n : new int[] {1, 3, 16, 64}) {
            double[][] a = Matrices.gaussian(n, n, rnd);
            Svd svd = Svd.of(a);
            assertReconstructs(a, svd, 1e-10);
            double[] sigma = svd.sigma();
            for (int i = 1; i < n; i++) {
                assertThat(sigma[i]).isLessThanOrEqualTo(sigma[i - 1]);
            }
        }
    }

    @Test
    void rankDeficientMatrixStillGetsOrthogonalFactors() {
        double[][] a = {{1, 2, 3}, {2, 4, 6}, {0, 0, 0}}; // rank 1
        Svd svd = Svd.of(a);
        assertThat(svd.sigma()[0]).isCloseTo(Math.sqrt(70), within(1e-12));
        assertThat(svd.sigma()[1]).isCloseTo(0, within(1e-12));
        assertThat(svd.sigma()[2]).isCloseTo(0, within(1e-12));
        assertReconstructs(a, svd, 1e-12);
    }

    @Test
    void randomOrthogonalIsOrthogonalAndSeeded() {
        double[][] r = Matrices.randomOrthogonal(8, new Random(5));
        assertThat(Matrices.maxAbsDifference(Matrices.multiply(Matrices.transpose(r), r), Matrices.identity(8))).isLessThan(1e-12);
        assertThat(Matrices.randomOrthogonal(8, new Random(5))).isDeepEqualTo(r);
    }

    private static void assertReconstructs(double[][] a, Svd svd, double tolerance) {
        int n = a.length;
        double[][] u = svd.u();
        double[][] v = svd.v();
        assertThat(Matrices.maxAbsDifference(Matrices.multiply(Matrices.transpose(u), u), Matrices.identity(n))).isLessThan(1e-12);
        assertThat(Matrices.maxAbsDifference(Matrices.multiply(Matrices.transpose(v), v), Matrices.identity(n))).isLessThan(1e-12);
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            s[i][i] = svd.sigma()[i];
        }
        double[][] back = Matrices.multiply(Matrices.multiply(u, s), Matrices.transpose(v));
        assertThat(Matrices.maxAbsDifference(back, a)).isLessThanOrEqualTo(tolerance);
    }
}
