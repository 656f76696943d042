package io.hashstream.training.baseline.linalg;

import java.util.Random;

/** Small dense-matrix helpers on row-major {@code double[rows][cols]}. */
public final class Matrices {
    private Matrices() {}

    public static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1.0;
        }
        return m;
    }

    public static double[][] transpose(double[][] a) {
        int r = a.length;
        int c = a[0].length;
        double[][] t = new double[c][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    public static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int inner = b.length;
        int m = b[0].length;
        if (a[0].length != inner) {
            throw new IllegalArgumentException("shapes " + n + "x" + a[0].length + " and " + inner + "x" + m + " do not chain");
        }
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] oi = out[i];
            double[] ai = a[i];
            for (int k = 0; k < inner; k++) {
                double aik = ai[k];
                double[] bk = b[k];
                for (int j = 0; j < m; j++) {
                    oi[j] += aik * bk[j];
                }
            }
        }
        return out;
    }

    /** Largest absolute element-wise difference. */
    public static double maxAbsDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    /** Entries drawn i.i.d. from N(0, 1). */
    public static double[][] gaussian(int rows, int cols, Random rnd) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = rnd.nextGaussian();
            }
        }
        return m;
    }

    /** A random n×n orthogonal matrix: the left singular vectors of a Gaussian matrix. */
    public static double[][] randomOrthogonal(int n, Random rnd) {
        return Svd.of(gaussian(n, n, rnd)).u();
    }
}
