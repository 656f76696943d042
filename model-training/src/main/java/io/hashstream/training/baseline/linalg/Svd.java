package io.hashstream.training.baseline.linalg;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Singular value decomposition A = U diag(σ) Vᵀ of a square matrix by one-sided Jacobi
 * (Hestenes): plane rotations orthogonalize the columns of A, accumulating V; the column norms are
 * σ and the normalized columns are U. Accurate for the small K×K matrices of ITQ. U and V are
 * always full orthogonal matrices, also when A is rank deficient (U is completed by Gram-Schmidt).
 * Singular values are sorted in descending order.
 */
public final class Svd {
    private static final int MAX_SWEEPS = 60;

    private final double[][] u;
    private final double[] sigma;
    private final double[][] v;

    private Svd(double[][] u, double[] sigma, double[][] v) {
        this.u = u;
        this.sigma = sigma;
        this.v = v;
    }

    /** Decomposes the square matrix {@code a} (not modified). */
    public static Svd of(double[][] a) {
        int n = a.length;
        for (double[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("only square matrices are supported");
            }
        }
        // Work on columns as contiguous rows: cols[j] = column j of A, vt[j] = column j of V.
        double[][] cols = Matrices.transpose(a);
        double[][] vt = Matrices.identity(n);
        double eps = Math.ulp(1.0);
        boolean rotated = true;
        for (int sweep = 0; rotated; sweep++) {
            if (sweep == MAX_SWEEPS) {
                throw new ArithmeticException("one-sided Jacobi SVD did not converge in " + MAX_SWEEPS + " sweeps");
            }
            rotated = false;
            for (int i = 0; i < n - 1; i++) {
                for (int j = i + 1; j < n; j++) {
                    double alpha = dot(cols[i], cols[i]);
                    double beta = dot(cols[j], cols[j]);
                    double gamma = dot(cols[i], cols[j]);
                    if (Math.abs(gamma) <= eps * Math.sqrt(alpha * beta) || gamma == 0.0) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2.0 * gamma);
                    double t = Math.copySign(1.0, zeta) / (Math.abs(zeta) + Math.sqrt(1.0 + zeta * zeta));
                    double c = 1.0 / Math.sqrt(1.0 + t * t);
                    double s = c * t;
                    rotate(cols[i], cols[j], c, s);
                    rotate(vt[i], vt[j], c, s);
                }
            }
        }

        double[] norms = new double[n];
        for (int j = 0; j < n; j++) {
            norms[j] = Math.sqrt(dot(cols[j], cols[j]));
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> norms[j]).reversed());

        double[] sigma = new double[n];
        double[][] uCols = new double[n][];
        double[][] vCols = new double[n][];
        double tiny = norms[order[0]] * n * eps;
        int rank = 0;
        for (int k = 0; k < n; k++) {
            int j = order[k];
            sigma[k] = norms[j];
            vCols[k] = vt[j];
            if (norms[j] > tiny && norms[j] > 0) {
                double[] col = cols[j].clone();
                for (int r = 0; r < n; r++) {
                    col[r] /= norms[j];
                }
                uCols[k] = col;
                rank++;
            }
        }
        completeOrthonormal(uCols, rank);
        return new Svd(Matrices.transpose(uCols), sigma, Matrices.transpose(vCols));
    }

    /** Fills the null columns from index {@code rank} on with unit vectors orthogonal to all earlier ones. */
    private static void completeOrthonormal(double[][] columns, int rank) {
        int n = columns.length;
        int candidate = 0;
        for (int k = rank; k < n; k++) {
            while (true) {
                double[] e = new double[n];
                e[candidate++] = 1.0;
                for (int pass = 0; pass < 2; pass++) { // re-orthogonalize once for accuracy
                    for (int p = 0; p < k; p++) {
                        double proj = dot(e, columns[p]);
                        for (int r = 0; r < n; r++) {
                            e[r] -= proj * columns[p][r];
                        }
                    }
                }
                double norm = Math.sqrt(dot(e, e));
                if (norm > 1e-6) {
                    for (int r = 0; r < n; r++) {
                        e[r] /= norm;
                    }
                    columns[k] = e;
                    break;
                }
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static void rotate(double[] a, double[] b, double c, double s) {
        for (int k = 0; k < a.length; k++) {
            double ak = a[k];
            double bk = b[k];
            a[k] = c * ak - s * bk;
            b[k] = s * ak + c * bk;
        }
    }

    /** Left singular vectors as columns (a copy). */
    public double[][] u() {
        return copy(u);
    }

    /** Singular values, largest first (a copy). */
    public double[] sigma() {
        return sigma.clone();
    }

    /** Right singular vectors as columns (a copy). */
    public double[][] v() {
        return copy(v);
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
