package io.hashstream.training.baseline.linalg;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigendecomposition of a real symmetric matrix A = V diag(λ) Vᵀ: Householder reduction to
 * tridiagonal form, then the implicitly shifted QL iteration (the classic EISPACK route),
 * O(n³) overall. Eigenvalues are sorted in descending order; eigenvector i is {@code vector(i)}.
 */
public final class SymmetricEigen {
    private static final int MAX_QL_ITERATIONS = 64;

    private final double[] values;
    /** Row i is the unit eigenvector of values[i] (Vᵀ, so rotations touch contiguous rows). */
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes {@code a} (square, symmetric; only read, never modified). */
    public static SymmetricEigen of(double[][] a) {
        int n = a.length;
        for (double[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("matrix is not square");
            }
        }
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double[][] qt = Matrices.identity(n);
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalize(m, qt, d, e);
        ql(d, e, qt);

        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> d[i]).reversed());
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int k = 0; k < n; k++) {
            values[k] = d[order[k]];
            vectors[k] = qt[order[k]];
        }
        return new SymmetricEigen(values, vectors);
    }

    public int size() {
        return values.length;
    }

    /** Eigenvalues, largest first (a copy). */
    public double[] values() {
        return values.clone();
    }

    public double value(int i) {
        return values[i];
    }

    /** The unit eigenvector of {@code value(i)} (a copy). */
    public double[] vector(int i) {
        return vectors[i].clone();
    }

    /** The eigenvectors of the {@code k} largest eigenvalues as the columns of an n×k matrix. */
    public double[][] leadingVectorsAsColumns(int k) {
        if (k < 1 || k > values.length) {
            throw new IllegalArgumentException("k must be in [1, " + values.length + "], got " + k);
        }
        int n = values.length;
        double[][] out = new double[n][k];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < n; r++) {
                out[r][c] = vectors[c][r];
            }
        }
        return out;
    }

    /**
     * Householder similarity transforms M ← H M H for k = 0..n-3, each zeroing column k below the
     * subdiagonal; the reflections are accumulated into qt (= Qᵀ, with T = Qᵀ A Q).
     */
    private static void tridiagonalize(double[][] m, double[][] qt, double[] d, double[] e) {
        int n = m.length;
        double[] v = new double[n];
        double[] p = new double[n];
        double[] w = new double[n];
        for (int k = 0; k < n - 2; k++) {
            double tail = 0;
            for (int i = k + 2; i < n; i++) {
                tail += m[i][k] * m[i][k];
            }
            if (tail == 0) {
                continue; // already tridiagonal in this column
            }
            double x0 = m[k + 1][k];
            double norm = Math.sqrt(tail + x0 * x0);
            double alpha = x0 >= 0 ? -norm : norm; // the sign that avoids cancellation in v[k+1]
            Arrays.fill(v, 0.0);
            for (int i = k + 1; i < n; i++) {
                v[i] = m[i][k];
            }
            v[k + 1] -= alpha;
            double vtv = 0;
            for (int i = k + 1; i < n; i++) {
                vtv += v[i] * v[i];
            }
            double beta = 2.0 / vtv;

            // M ← M - v qᵀ - q vᵀ with p = β M v and q = p - (β/2)(vᵀp) v (rows/cols < k are untouched).
            for (int i = k; i < n; i++) {
                double s = 0;
                double[] mi = m[i];
                for (int j = k + 1; j < n; j++) {
                    s += mi[j] * v[j];
                }
                p[i] = beta * s;
            }
            double vtp = 0;
            for (int i = k + 1; i < n; i++) {
                vtp += v[i] * p[i];
            }
            double half = 0.5 * beta * vtp;
            for (int i = k; i < n; i++) {
                p[i] -= half * v[i]; // p now holds q
            }
            for (int i = k; i < n; i++) {
                double vi = v[i];
                double qi = p[i];
                double[] mi = m[i];
                for (int j = k; j < n; j++) {
                    mi[j] -= vi * p[j] + qi * v[j];
                }
            }
            m[k + 1][k] = alpha;
            m[k][k + 1] = alpha;
            for (int i = k + 2; i < n; i++) {
                m[i][k] = 0;
                m[k][i] = 0;
            }

            // Qᵀ ← H Qᵀ: rows k+1.. change by -β v_i (vᵀ Qᵀ).
            Arrays.fill(w, 0.0);
            for (int r = k + 1; r < n; r++) {
                double vr = v[r];
                double[] row = qt[r];
                for (int c = 0; c < n; c++) {
                    w[c] += vr * row[c];
                }
            }
            for (int r = k + 1; r < n; r++) {
                double f = beta * v[r];
                double[] row = qt[r];
                for (int c = 0; c < n; c++) {
                    row[c] -= f * w[c];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            d[i] = m[i][i];
            e[i] = i + 1 < n ? m[i][i + 1] : 0.0;
        }
    }

    /**
     * Implicit QL with Wilkinson-type shifts on the tridiagonal (d diagonal, e[i] coupling i and i+1),
     * applying every Givens rotation to the rows of qt so that they end up as eigenvectors.
     */
    private static void ql(double[] d, double[] e, double[][] qt) {
        int n = d.length;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            int iterations = 0;
            int m;
            do {
                for (m = l; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= eps * dd) {
                        break;
                    }
                }
                if (m != l) {
                    if (++iterations > MAX_QL_ITERATIONS) {
                        throw new ArithmeticException("QL iteration did not converge for eigenvalue " + l);
                    }
                    double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                    double r = Math.hypot(g, 1.0);
                    g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                    double s = 1.0;
                    double c = 1.0;
                    double p = 0.0;
                    int i;
                    boolean underflow = false;
                    for (i = m - 1; i >= l; i--) {
                        double f = s * e[i];
                        double b = c * e[i];
                        r = Math.hypot(f, g);
                        e[i + 1] = r;
                        if (r == 0.0) {
                            d[i + 1] -= p;
                            e[m] = 0.0;
                            underflow = true;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2.0 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                        rotateRows(qt[i], qt[i + 1], c, s);
                    }
                    if (underflow) {
                        continue;
                    }
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0.0;
                }
            } while (m != l);
        }
    }

    /** (a, b) ← (c·a − s·b, s·a + c·b), element-wise. */
    private static void rotateRows(double[] a, double[] b, double c, double s) {
        for (int k = 0; k < a.length; k++) {
            double ak = a[k];
            double bk = b[k];
            a[k] = c * ak - s * bk;
            b[k] = s * ak + c * bk;
        }
    }
}
